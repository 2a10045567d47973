package io.github.blobdownloader.tags;

import io.github.blobdownloader.ImageLog;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryOptions;

/** The {@code tags} use case: every tag of a repository, ranked by a tag strategy. */
public final class TagListing {

    private TagListing() {}

    public static TagRanking rank(TagQuery query, RegistryOptions registry, Log mojoLog) {
        ImageReference ref = ImageReference.resolve(query.image(), query.registryUrl(), null);
        Log log = ImageLog.naming(mojoLog, ref.registry() + "/" + ref.repository(), ref.toString());
        try (RegistryOptions.Clients clients = registry.clients(log)) {
            RegistryClient client = clients.client(registry.endpoint(ref, query.registryUrl()));
            Platform platform = Platform.parseOrAll(query.platform());
            return new TagSelector(client, log)
                    .rank(
                            ref.repository(),
                            TagStrategy.parse(query.tagStrategy()),
                            query.includePrereleases(),
                            platform,
                            query.parallelism());
        }
    }
}
