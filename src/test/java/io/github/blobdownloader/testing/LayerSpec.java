package io.github.blobdownloader.testing;

import java.util.List;

/**
 * A layer to put in a manifest built by {@link TestImages}, with any media type.
 *
 * @param mediaType layer media type written to the descriptor
 * @param bytes     blob content; digest and size are computed from it
 * @param pushBlob  whether to upload the blob (false for foreign / missing-blob scenarios)
 * @param urls      descriptor {@code urls} (foreign layers), empty for none
 */
public record LayerSpec(String mediaType, byte[] bytes, boolean pushBlob, List<String> urls) {

    public LayerSpec {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /** A regular, pushed layer. */
    public static LayerSpec of(String mediaType, byte[] bytes) {
        return new LayerSpec(mediaType, bytes, true, List.of());
    }

    /** A pushed {@code tar+gzip} layer of random content (see {@link TarGz#randomLayer}). */
    public static LayerSpec ociGzip(long seed, int size) {
        return of(MediaTypes.OCI_LAYER_GZIP, TarGz.randomLayer(seed, size));
    }

    /** A pushed uncompressed {@code tar} layer of random content. */
    public static LayerSpec ociTar(long seed, int size) {
        return of(MediaTypes.OCI_LAYER_TAR, TarGz.randomLayerTar(seed, size));
    }

    /** A pushed, genuinely zstd-framed {@code tar+zstd} layer of random content. */
    public static LayerSpec ociZstd(long seed, int size) {
        return of(MediaTypes.OCI_LAYER_ZSTD, Zstd.storedFrame(TarGz.randomLayerTar(seed, size)));
    }

    /** A Docker foreign layer: listed with {@code urls} and not uploaded to the registry. */
    public static LayerSpec dockerForeign(byte[] bytes, List<String> urls) {
        return new LayerSpec(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, bytes, false, urls);
    }
}
