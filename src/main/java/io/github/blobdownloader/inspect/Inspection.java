package io.github.blobdownloader.inspect;

import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageConfig;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
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
 * @param top       what the reference names, for its artifactType, subject and annotations
 * @param referrers what refers to {@code digest}
 */
public record Inspection(
        String reference,
        String chosenBy,
        Digest digest,
        String mediaType,
        List<Descriptor> platforms,
        List<Image> images,
        Manifest top,
        Referrers referrers) {

    public Inspection {
        platforms = List.copyOf(platforms);
        images = List.copyOf(images);
    }

    /**
     * One image manifest and what its config says.
     *
     * @param platform  the index entry's platform, else the config's, may be {@code null}
     * @param referrers what refers to this manifest, when it is not the one the reference names (else
     *                  {@code null}: see {@link Inspection#referrers})
     */
    public record Image(String platform, ImageManifest manifest, ImageConfig config, Referrers referrers) {}

    /**
     * The referrers of one manifest.
     *
     * @param found    their descriptors (type, digest, size)
     * @param source   how they were found, or {@code null} when they could not be listed
     * @param problem  why they could not be listed, else {@code null}
     */
    public record Referrers(List<Descriptor> found, String source, String problem) {
        public Referrers {
            found = List.copyOf(found);
        }
    }
}
