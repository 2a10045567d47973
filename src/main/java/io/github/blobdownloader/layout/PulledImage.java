package io.github.blobdownloader.layout;

import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import java.util.List;

/**
 * One image whose blobs are in place.
 *
 * @param reference the reference as resolved (tag kept, digest of the top-level manifest)
 * @param top       what the reference named: the index, or the image manifest itself
 * @param manifest  the platform's image manifest
 * @param platform  the platform chosen, or {@code null} when the reference named a single image manifest
 * @param skipped   foreign layers that were not downloaded
 */
public record PulledImage(
        ImageReference reference, Manifest top, ImageManifest manifest, Platform platform, List<Descriptor> skipped) {

    public PulledImage {
        skipped = List.copyOf(skipped);
    }
}
