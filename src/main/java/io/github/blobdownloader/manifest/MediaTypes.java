package io.github.blobdownloader.manifest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The media types the plugin knows, and what it does with each. */
public final class MediaTypes {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_TAR = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /** The empty JSON object {@code {}} that artifacts without a config name as their config. */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String TITLE_ANNOTATION = "org.opencontainers.image.title";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** Every manifest type we can read, in order of preference, for the {@code Accept} header. */
    public static final List<String> ACCEPTED_MANIFESTS =
            List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private static final Set<String> IMAGE_CONFIGS = Set.of(OCI_CONFIG, DOCKER_CONFIG);
    private static final Set<String> IMAGE_LAYERS =
            Set.of(OCI_LAYER_TAR, OCI_LAYER_GZIP, OCI_LAYER_ZSTD, DOCKER_LAYER_TAR, DOCKER_LAYER_GZIP);
    /** Docker media types and their OCI counterparts, as skopeo converts them when it copies to {@code oci:}. */
    private static final Map<String, String> OCI_EQUIVALENTS = Map.of(
            DOCKER_MANIFEST, OCI_MANIFEST,
            DOCKER_MANIFEST_LIST, OCI_INDEX,
            DOCKER_CONFIG, OCI_CONFIG,
            DOCKER_LAYER_TAR, OCI_LAYER_TAR,
            DOCKER_LAYER_GZIP, OCI_LAYER_GZIP,
            DOCKER_FOREIGN_LAYER_TAR, "application/vnd.oci.image.layer.nondistributable.v1.tar",
            DOCKER_FOREIGN_LAYER_GZIP, "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

    private MediaTypes() {}

    /** The value of the {@code Accept} header for manifest requests. */
    public static String acceptHeader() {
        return String.join(", ", ACCEPTED_MANIFESTS);
    }

    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    public static boolean isImageManifest(String mediaType) {
        return IMAGE_MANIFESTS.contains(mediaType);
    }

    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
    }

    /** The OCI media type for a Docker one; any other type unchanged. */
    public static String ociEquivalent(String mediaType) {
        return OCI_EQUIVALENTS.getOrDefault(mediaType, mediaType);
    }

    /** Whether a config of this type is a container image's (else the manifest is an artifact's). */
    public static boolean isImageConfig(String mediaType) {
        return IMAGE_CONFIGS.contains(mediaType);
    }

    /** Whether a layer of this type is a file-system change set an engine unpacks (foreign ones aside). */
    public static boolean isImageLayer(String mediaType) {
        return IMAGE_LAYERS.contains(mediaType);
    }

    public static boolean isZstd(String mediaType) {
        return mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd");
    }

    /** Foreign or non-distributable layers live outside the registry and are not downloaded. */
    public static boolean isForeign(String mediaType) {
        return mediaType.contains(".foreign.") || mediaType.contains("nondistributable");
    }

    /**
     * The file extension the seed's {@code blobs} layout gives a layer of this media type:
     * {@code .tar.gz}, {@code .tar.zst}, {@code .tar}, or {@code .blob} for anything else.
     */
    public static String layerFileExtension(String mediaType) {
        String type = mediaType == null ? "" : mediaType;
        if (type.endsWith("+gzip") || type.endsWith(".gzip") || type.endsWith("tar.gzip")) {
            return ".tar.gz";
        }
        if (type.endsWith("+zstd") || type.endsWith(".zstd")) {
            return ".tar.zst";
        }
        if (type.endsWith(".tar") || type.endsWith("diff.tar")) {
            return ".tar";
        }
        return ".blob";
    }
}
