package io.github.blobdownloader.manifest;

import io.github.blobdownloader.reference.Digest;
import java.util.List;
import java.util.Map;

/**
 * An image manifest (Docker v2 schema 2 or OCI): one config blob and its layers. An OCI artifact is one too:
 * its {@code artifactType} (or else its config's media type) says what it holds.
 *
 * @param artifactType the manifest's {@code artifactType}, or {@code null}
 * @param subject      the manifest this one refers to (a signature, an SBOM of an image), or {@code null}
 * @param annotations  never {@code null}
 */
public record ImageManifest(
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        String artifactType,
        Descriptor subject,
        Map<String, String> annotations,
        byte[] raw,
        Digest digest)
        implements Manifest {

    public ImageManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers, byte[] raw, Digest digest) {
        this(mediaType, config, layers, null, null, Map.of(), raw, digest);
    }

    /** Sum of the sizes of all layers and the config. */
    public long totalSize() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }

    /** Whether this is an artifact rather than a container image: its config is not an image config. */
    public boolean isArtifact() {
        return artifactType != null || !MediaTypes.isImageConfig(config.mediaType());
    }

    /** What kind of artifact this is: {@code artifactType}, else the config's media type (OCI 1.1's rule). */
    public String effectiveArtifactType() {
        if (artifactType != null) {
            return artifactType;
        }
        return config.mediaType();
    }
}
