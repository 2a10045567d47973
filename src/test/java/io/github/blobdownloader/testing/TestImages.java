package io.github.blobdownloader.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds realistic images (real tar.gz layers, configs with correct diff_ids) and pushes them
 * through {@link RegistryApi}. Everything is deterministic from the seed, so digests are stable.
 */
public final class TestImages {

    /** Creation time used when none is given, fixed so digests do not depend on the clock. */
    public static final Instant DEFAULT_CREATED = Instant.parse("2024-01-01T00:00:00Z");

    /** Manifest flavour: OCI image spec or Docker image manifest v2 schema 2. */
    public enum Format {
        OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_INDEX),
        DOCKER(
                MediaTypes.DOCKER_MANIFEST,
                MediaTypes.DOCKER_CONFIG,
                MediaTypes.DOCKER_LAYER_GZIP,
                MediaTypes.DOCKER_MANIFEST_LIST);

        private final String manifestType;
        private final String configType;
        private final String layerType;
        private final String indexType;

        Format(String manifestType, String configType, String layerType, String indexType) {
            this.manifestType = manifestType;
            this.configType = configType;
            this.layerType = layerType;
            this.indexType = indexType;
        }

        public String manifestMediaType() {
            return manifestType;
        }

        public String configMediaType() {
            return configType;
        }

        /** The gzip layer media type of this format. */
        public String layerMediaType() {
            return layerType;
        }

        /** OCI image index or Docker manifest list. */
        public String indexMediaType() {
            return indexType;
        }
    }

    private TestImages() {}

    /** Pushes an image of {@code layerCount} random gzip layers; {@code tag == null} pushes by digest only. */
    public static PushedImage pushImage(
            RegistryApi api,
            String repo,
            String tag,
            Format format,
            String os,
            String arch,
            String variantOrNull,
            int layerCount,
            int layerSize,
            long seed) {
        return pushImage(api, repo, tag, format, os, arch, variantOrNull, layerCount, layerSize, seed, DEFAULT_CREATED);
    }

    /** As above, with the config's {@code created} time. */
    public static PushedImage pushImage(
            RegistryApi api,
            String repo,
            String tag,
            Format format,
            String os,
            String arch,
            String variantOrNull,
            int layerCount,
            int layerSize,
            long seed,
            Instant created) {
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            specs.add(LayerSpec.of(format.layerMediaType(), TarGz.randomLayer(layerSeed(seed, i), layerSize)));
        }
        return pushImage(api, repo, tag, format, os, arch, variantOrNull, specs, created);
    }

    /**
     * Pushes an image with arbitrary layers (any media type, foreign, or deliberately not
     * uploaded). diff_ids are exact for gzip, plain tar and {@link Zstd#storedFrame} layers; for
     * other content the blob digest stands in (registries do not check diff_ids).
     */
    public static PushedImage pushImage(
            RegistryApi api,
            String repo,
            String tag,
            Format format,
            String os,
            String arch,
            String variantOrNull,
            List<LayerSpec> layerSpecs,
            Instant created) {
        return pushImage(api, repo, tag, format, os, arch, variantOrNull, null, layerSpecs, created);
    }

    /** As above, with the config's {@code os.version} (a Windows build such as {@code 10.0.20348.2461}). */
    public static PushedImage pushImage(
            RegistryApi api,
            String repo,
            String tag,
            Format format,
            String os,
            String arch,
            String variantOrNull,
            String osVersionOrNull,
            List<LayerSpec> layerSpecs,
            Instant created) {
        List<PushedImage.Layer> layers = new ArrayList<>();
        List<String> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (LayerSpec spec : layerSpecs) {
            String digest = spec.pushBlob() ? api.pushBlob(repo, spec.bytes()) : Digests.sha256(spec.bytes());
            layers.add(new PushedImage.Layer(digest, spec.bytes().length, spec.mediaType(), spec.bytes()));
            descriptors.add(ImageJson.descriptor(spec.mediaType(), digest, spec.bytes().length, spec.urls()));
            diffIds.add(diffId(spec));
        }
        byte[] config = ImageJson.config(created, os, arch, variantOrNull, osVersionOrNull, diffIds);
        String configDigest = api.pushBlob(repo, config);
        byte[] manifest = ImageJson.manifest(
                format.manifestMediaType(),
                ImageJson.descriptor(format.configMediaType(), configDigest, config.length, null),
                descriptors);
        String digest = Digests.sha256(manifest);
        api.pushManifest(repo, tag != null ? tag : digest, format.manifestMediaType(), manifest);
        return new PushedImage(
                repo,
                tag != null ? tag : digest,
                digest,
                format.manifestMediaType(),
                manifest,
                configDigest,
                config,
                List.copyOf(layers));
    }

    /** Pushes an index / manifest list over already pushed images; {@code tag == null} pushes by digest. */
    public static PushedIndex pushIndex(
            RegistryApi api, String repo, String tag, Format format, List<PushedImage> platformImages) {
        byte[] index = ImageJson.index(format.indexMediaType(), platformImages);
        String digest = Digests.sha256(index);
        api.pushManifest(repo, tag != null ? tag : digest, format.indexMediaType(), index);
        return new PushedIndex(digest, format.indexMediaType(), index, List.copyOf(platformImages));
    }

    /** Pushes linux/amd64 and linux/arm64/v8 images (2 small layers each, untagged) and a tagged index. */
    public static PushedIndex pushMultiPlatform(RegistryApi api, String repo, String tag, Format format, long seed) {
        PushedImage amd64 = pushImage(api, repo, null, format, "linux", "amd64", null, 2, 2048, seed);
        PushedImage arm64 = pushImage(api, repo, null, format, "linux", "arm64", "v8", 2, 2048, seed + 1);
        return pushIndex(api, repo, tag, format, List.of(amd64, arm64));
    }

    /** Distinct, reproducible seed per layer. */
    static long layerSeed(long seed, int index) {
        return seed * 1_000_003L + index;
    }

    private static String diffId(LayerSpec spec) {
        String type = spec.mediaType();
        byte[] bytes = spec.bytes();
        if (type.endsWith("gzip") && bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            return Digests.sha256(TarGz.gunzip(bytes));
        }
        if (type.endsWith("zstd")) {
            byte[] raw = Zstd.decodeStored(bytes);
            return Digests.sha256(raw != null ? raw : bytes);
        }
        return Digests.sha256(bytes);
    }
}
