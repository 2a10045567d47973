package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.tags.TagListing;
import io.github.blobdownloader.tags.TagQuery;
import io.github.blobdownloader.tags.TagRanking;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Lists a repository's tags, one per line in the order of {@code tagStrategy}, and marks with {@code *}
 * the tag that strategy would pick. It lists the whole repository, so it takes no {@code tag}: a tag in
 * {@code image} is ignored; give the tag you choose to {@code download} or {@code inspect}
 * ({@code -Dblob.tag}).
 *
 * @since 1.0.0
 */
@Mojo(name = "tags", requiresProject = false, threadSafe = true, configurator = SecretConfigurator.ID)
public class TagsMojo extends AbstractRegistryMojo {

    @Inject
    public TagsMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    /**
     * The hints the core gives for pulls, as they apply to listing: there is no {@code tag} to set here, the
     * tag goes to {@code download} or {@code inspect}, and the listing cannot be avoided.
     */
    static String forListing(String text) {
        String setTag = "set " + Setting.TAG;
        String orDigest = "; " + setTag + " or a digest in " + Setting.IMAGE;
        return text.replace(orDigest + ", so that no tag listing is needed", "")
                .replace(orDigest, "")
                .replace(setTag, "give a listed tag to download or inspect as " + Setting.TAG);
    }

    @Override
    protected void run(Log log) {
        try {
            list(log);
        } catch (BlobDownloaderException e) {
            String message = forListing(e.getMessage());
            if (message.equals(e.getMessage())) {
                throw e;
            }
            throw new BlobDownloaderException(message, e.isUserError(), e);
        }
    }

    private void list(Log log) {
        requireImage(image);
        TagQuery query =
                new TagQuery(image, blankToNull(registryUrl), platform, tagStrategy, includePrereleases, parallelism);
        TagRanking ranking = TagListing.rank(query, registryOptions(log), log);
        log.info("Tags of " + ranking.image() + " by tagStrategy="
                + ranking.strategy().id() + " (" + ranking.tags().size() + "):");
        ranking.lines().forEach(log::info);
        log.info(
                ranking.chosen() != null
                        ? "* " + ranking.chosen() + ": " + ranking.reason()
                        : "No pick: " + forListing(ranking.reason()));
    }
}
