package io.github.blobdownloader.pull;

import io.github.blobdownloader.layout.PulledImage;
import java.time.Duration;
import java.util.List;

/**
 * What a download did.
 *
 * @param images          one per platform pulled
 * @param blobsDownloaded blobs fetched from the registry
 * @param blobsReused     blobs already in place, not requested
 * @param bytesDownloaded bytes fetched
 * @param elapsed         wall time of the whole pull
 * @param blobsFromCache  blobs placed from the shared cache, not requested
 */
public record PullResult(
        List<PulledImage> images,
        int blobsDownloaded,
        int blobsReused,
        long bytesDownloaded,
        Duration elapsed,
        int blobsFromCache) {

    public PullResult {
        images = List.copyOf(images);
    }
}
