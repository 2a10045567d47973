package io.github.blobdownloader.manifest;

import io.github.blobdownloader.reference.Digest;
import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest says about a blob or another manifest.
 *
 * @param platform    only on index entries, else {@code null}
 * @param urls        foreign layer locations, usually empty
 * @param annotations  never {@code null}
 * @param artifactType on index and referrers-list entries: the artifactType of the manifest named, else
 *                     {@code null}
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        Platform platform,
        List<String> urls,
        Map<String, String> annotations,
        String artifactType) {

    public Descriptor {
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(
            String mediaType,
            Digest digest,
            long size,
            Platform platform,
            List<String> urls,
            Map<String, String> annotations) {
        this(mediaType, digest, size, platform, urls, annotations, null);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, List.of(), Map.of(), null);
    }

    /** The {@code org.opencontainers.image.title} annotation: the file name oras gives a layer, or {@code null}. */
    public String title() {
        return annotations.get(MediaTypes.TITLE_ANNOTATION);
    }

    /** Whether this layer lives outside the registry (foreign or non-distributable) and is not pulled. */
    public boolean isForeign() {
        return MediaTypes.isForeign(mediaType);
    }
}
