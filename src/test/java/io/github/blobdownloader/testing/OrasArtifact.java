package io.github.blobdownloader.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An OCI artifact shaped as {@code oras push} shapes it: an {@code artifactType}, the empty config
 * {@code {}} (or another), and layers of any media type, each titled with
 * {@code org.opencontainers.image.title}; a folder is a tar+gzip whose entries start with its title, marked
 * {@code io.deis.oras.content.unpack} and carrying the digest of its tar in {@code io.deis.oras.content.digest}.
 * Pushed through the registry API.
 */
public final class OrasArtifact {

    public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    public static final String TITLE = "org.opencontainers.image.title";
    public static final String UNPACK = "io.deis.oras.content.unpack";
    public static final String TAR_DIGEST = "io.deis.oras.content.digest";

    /** One layer: its bytes and annotations. */
    public record Layer(String mediaType, byte[] bytes, Map<String, String> annotations) {
        public String digest() {
            return Digests.sha256(bytes);
        }
    }

    /** What was pushed: the manifest's digest and bytes. */
    public record Pushed(String digest, byte[] manifest) {}

    private final String artifactType;
    private String configType = EMPTY_CONFIG;
    private byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    private final List<Layer> layers = new ArrayList<>();

    private OrasArtifact(String artifactType) {
        this.artifactType = artifactType;
    }

    /** @param artifactType the manifest's artifactType, or {@code null} for none (then the config's type counts) */
    public static OrasArtifact of(String artifactType) {
        return new OrasArtifact(artifactType);
    }

    public OrasArtifact config(String mediaType, byte[] bytes) {
        configType = mediaType;
        config = bytes;
        return this;
    }

    /** A file: a layer titled {@code title}. */
    public OrasArtifact file(String title, String mediaType, String content) {
        return file(title, mediaType, content.getBytes(StandardCharsets.UTF_8));
    }

    public OrasArtifact file(String title, String mediaType, byte[] content) {
        return layer(mediaType, content, Map.of(TITLE, title));
    }

    /** A folder as oras packs it: {@code tar} (entries starting with {@code title/}) gzipped. */
    public OrasArtifact folder(String title, byte[] tar) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TITLE, title);
        annotations.put(UNPACK, "true");
        annotations.put(TAR_DIGEST, Digests.sha256(tar));
        return layer("application/vnd.oci.image.layer.v1.tar+gzip", TarGz.gzip(tar), annotations);
    }

    public OrasArtifact layer(String mediaType, byte[] bytes, Map<String, String> annotations) {
        layers.add(new Layer(mediaType, bytes, annotations));
        return this;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    public byte[] manifest() {
        StringJoiner layerJson = new StringJoiner(",", "[", "]");
        layers.forEach(l ->
                layerJson.add(descriptor(l.mediaType(), Digests.sha256(l.bytes()), l.bytes().length, l.annotations())));
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + (artifactType == null ? "" : "\"artifactType\":" + Json.quote(artifactType) + ",")
                + "\"config\":" + descriptor(configType, Digests.sha256(config), config.length, Map.of())
                + ",\"layers\":" + layerJson
                + ",\"annotations\":{\"org.opencontainers.image.created\":\"2024-01-01T00:00:00Z\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Pushes the config, the layers and the manifest under {@code tag} (a digest pushes it untagged). */
    public Pushed push(RegistryApi api, String repo, String tag) {
        api.pushBlob(repo, config);
        layers.forEach(l -> api.pushBlob(repo, l.bytes()));
        byte[] manifest = manifest();
        return new Pushed(api.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest), manifest);
    }

    /** An OCI index of artifacts, each entry carrying its artifactType, as referrers lists and oras do. */
    public static byte[] index(List<Pushed> entries, List<String> artifactTypes) {
        StringJoiner manifests = new StringJoiner(",", "[", "]");
        for (int i = 0; i < entries.size(); i++) {
            Pushed p = entries.get(i);
            manifests.add("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":" + Json.quote(p.digest())
                    + ",\"size\":" + p.manifest().length + ",\"artifactType\":" + Json.quote(artifactTypes.get(i))
                    + "}");
        }
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":" + manifests + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String descriptor(String mediaType, String digest, long size, Map<String, String> annotations) {
        StringBuilder sb = new StringBuilder("{\"mediaType\":")
                .append(Json.quote(mediaType))
                .append(",\"digest\":")
                .append(Json.quote(digest))
                .append(",\"size\":")
                .append(size);
        if (!annotations.isEmpty()) {
            StringJoiner a = new StringJoiner(",", "{", "}");
            annotations.forEach((k, v) -> a.add(Json.quote(k) + ":" + Json.quote(v)));
            sb.append(",\"annotations\":").append(a);
        }
        return sb.append('}').toString();
    }
}
