package io.github.blobdownloader.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An OCI artifact built up as {@code oras push} shapes one, then pushed by {@link ArtifactPusher}: an
 * {@code artifactType}, the empty config {@code {}} (or another), and layers of any media type, each titled
 * with {@code org.opencontainers.image.title}; a folder is a tar+gzip whose entries start with its title,
 * marked {@code io.deis.oras.content.unpack} and carrying the digest of its tar in
 * {@code io.deis.oras.content.digest}.
 */
public final class OrasArtifact {

    public static final String TITLE = "org.opencontainers.image.title";
    public static final String UNPACK = "io.deis.oras.content.unpack";
    public static final String TAR_DIGEST = "io.deis.oras.content.digest";

    private final String artifactType;
    private String configType = ArtifactPusher.EMPTY_CONFIG_TYPE;
    private byte[] config = ArtifactPusher.EMPTY_CONFIG;
    private final List<ArtifactPusher.Layer> layers = new ArrayList<>();

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
        return layer(mediaType, content.getBytes(StandardCharsets.UTF_8), Map.of(TITLE, title));
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
        layers.add(new ArtifactPusher.Layer(mediaType, bytes, annotations));
        return this;
    }

    public List<ArtifactPusher.Layer> layers() {
        return List.copyOf(layers);
    }

    /** Pushes the config, the layers and the manifest under {@code tag}. */
    public ArtifactPusher.Pushed push(RegistryApi api, String repo, String tag) {
        return new ArtifactPusher(api).push(repo, tag, artifactType, configType, config, layers, null, Map.of());
    }

    /** An OCI index of artifacts, each entry carrying its artifactType, as oras writes one. */
    public static byte[] index(List<ArtifactPusher.Pushed> entries) {
        StringJoiner manifests = new StringJoiner(",", "[", "]");
        for (ArtifactPusher.Pushed p : entries) {
            manifests.add("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":" + Json.quote(p.digest())
                    + ",\"size\":" + p.size() + ",\"artifactType\":" + Json.quote(p.artifactType()) + "}");
        }
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":" + manifests + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
