package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.tags.TagListing;
import io.github.blobdownloader.tags.TagQuery;
import io.github.blobdownloader.tags.TagRanking;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Lists a repository's tags, one per line in the order of {@code tagStrategy}, and marks with {@code *}
 * the tag that strategy would pick.
 *
 * @since 1.0.0
 */
@Mojo(name = "tags", requiresProject = false, threadSafe = true, configurator = SecretConfigurator.ID)
public class TagsMojo extends AbstractRegistryMojo {

    @Inject
    public TagsMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected void run(Log log) {
        requireImage(image);
        TagQuery query = new TagQuery(image, blankToNull(registryUrl), platform, tagStrategy, includePrereleases,
                parallelism);
        TagRanking ranking = TagListing.rank(query, registryOptions(log), log);
        log.info("Tags of " + ranking.image() + " by tagStrategy=" + ranking.strategy().id() + " ("
                + ranking.tags().size() + "):");
        ranking.lines().forEach(log::info);
        log.info(ranking.chosen() != null ? "* " + ranking.chosen() + ": " + ranking.reason()
                : "No pick: " + ranking.reason());
    }
}
