package io.github.blobdownloader.manifest;

import io.github.blobdownloader.reference.Digest;
import java.util.List;

/** An image manifest (Docker v2 schema 2 or OCI): one config blob and its layers. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers, byte[] raw, Digest digest)
        implements Manifest {

    public ImageManifest {
        layers = List.copyOf(layers);
    }

    /** Sum of the sizes of all layers and the config. */
    public long totalSize() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }
}
