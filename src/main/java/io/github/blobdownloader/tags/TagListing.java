package io.github.blobdownloader.tags;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.pull.ImageResolver;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryClient;

/** The {@code tags} use case: every tag of the request's repository, ranked by its tag strategy. */
public final class TagListing {

    private TagListing() {
    }

    public static TagRanking rank(PullRequest request, Log log) {
        ImageReference ref = ImageResolver.reference(request);
        RegistryClient client = ImageResolver.client(request, ImageResolver.endpoint(request, ref), log);
        Platform platform = ImageResolver.platformOrAll(request);
        return new TagSelector(client, log).rank(ref.repository(), TagStrategy.parse(request.tagStrategy()),
                request.includePrereleases(), platform, request.parallelism());
    }
}
