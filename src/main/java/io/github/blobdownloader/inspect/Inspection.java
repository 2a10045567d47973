package io.github.blobdownloader.inspect;

import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageConfig;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.reference.Digest;
import java.util.List;

/**
 * What a reference resolves to.
 *
 * @param reference the reference, with the tag that was given or chosen
 * @param chosenBy  why the tag was chosen, or {@code null} when the user named it
 * @param digest    the digest of what the reference names (index or image manifest)
 * @param mediaType its media type
 * @param platforms an index's image entries; empty for a single image manifest
 * @param images    the image manifests looked at: the requested platform's, or all with {@code platform=all}
 */
public record Inspection(
        String reference,
        String chosenBy,
        Digest digest,
        String mediaType,
        List<Descriptor> platforms,
        List<Image> images) {

    public Inspection {
        platforms = List.copyOf(platforms);
        images = List.copyOf(images);
    }

    /**
     * One image manifest and what its config says.
     *
     * @param platform the index entry's platform, else the config's, may be {@code null}
     */
    public record Image(String platform, ImageManifest manifest, ImageConfig config) {}
}
