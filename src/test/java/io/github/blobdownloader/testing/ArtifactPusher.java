package io.github.blobdownloader.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Pushes OCI artifacts as {@code oras push} and {@code oras attach} shape them: an {@code artifactType}, a
 * config (the empty one by default), layers of any media type with annotations (titles), and optionally a
 * {@code subject}. Attaching also maintains the referrers tag schema ({@code sha256-<hex>}: an index of
 * every referrer of the subject, each entry with its artifactType and annotations), as oras and cosign do for
 * registries without the referrers API, such as docker-registry 2.8.
 */
public final class ArtifactPusher {

    public static final String EMPTY_CONFIG_TYPE = "application/vnd.oci.empty.v1+json";
    public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String INDEX_HEAD = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[";

    /** A layer to push: its bytes, media type and annotations ({@code org.opencontainers.image.title}, …). */
    public record Layer(String mediaType, byte[] content, Map<String, String> annotations) {
        public Layer {
            annotations = new TreeMap<>(annotations);
        }

        public static Layer titled(String mediaType, String title, byte[] content) {
            return new Layer(mediaType, content, Map.of("org.opencontainers.image.title", title));
        }

        public String digest() {
            return Digests.sha256(content);
        }
    }

    /** A manifest that an artifact's {@code subject} names. */
    public record Subject(String mediaType, String digest, long size) {
        public static Subject of(PushedImage image) {
            return new Subject(image.mediaType(), image.manifestDigest(), image.manifestBytes().length);
        }
    }

    /**
     * A pushed artifact.
     *
     * @param digest   its manifest's digest
     * @param manifest the manifest's bytes
     */
    public record Pushed(String repository, String digest, String artifactType, byte[] manifest, List<Layer> layers) {
        public long size() {
            return manifest.length;
        }

        public String hex() {
            return digest.substring("sha256:".length());
        }
    }

    private final RegistryApi api;

    public static String emptyConfigDigest() {
        return Digests.sha256(EMPTY_CONFIG);
    }

    public ArtifactPusher(RegistryApi api) {
        this.api = api;
    }

    /** {@code oras push REPO:TAG} with the empty config. */
    public Pushed push(String repository, String tag, String artifactType, List<Layer> layers) {
        return push(repository, tag, artifactType, EMPTY_CONFIG_TYPE, EMPTY_CONFIG, layers, null, Map.of());
    }

    /** {@code oras attach}: an untagged artifact whose subject is {@code subject}, listed under the tag schema. */
    public Pushed attach(String repository, Subject subject, String artifactType, List<Layer> layers) {
        return attach(repository, subject, artifactType, layers, Map.of());
    }

    public Pushed attach(
            String repository,
            Subject subject,
            String artifactType,
            List<Layer> layers,
            Map<String, String> annotations) {
        Pushed pushed =
                push(repository, null, artifactType, EMPTY_CONFIG_TYPE, EMPTY_CONFIG, layers, subject, annotations);
        addToTagSchema(repository, subject, pushed, annotations);
        return pushed;
    }

    /** The general case: any config, optional tag, optional subject (not added to the tag schema). */
    public Pushed push(
            String repository,
            String tag,
            String artifactType,
            String configType,
            byte[] config,
            List<Layer> layers,
            Subject subject,
            Map<String, String> annotations) {
        String configDigest = api.pushBlob(repository, config);
        StringJoiner layerJson = new StringJoiner(",", "[", "]");
        for (Layer layer : layers) {
            String digest = api.pushBlob(repository, layer.content());
            layerJson.add(descriptor(layer.mediaType(), digest, layer.content().length, null, layer.annotations()));
        }
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\"");
        if (artifactType != null) {
            m.append(",\"artifactType\":").append(Json.quote(artifactType));
        }
        m.append(",\"config\":").append(descriptor(configType, configDigest, config.length, null, Map.of()));
        m.append(",\"layers\":").append(layerJson);
        if (subject != null) {
            m.append(",\"subject\":")
                    .append(descriptor(subject.mediaType(), subject.digest(), subject.size(), null, Map.of()));
        }
        if (!annotations.isEmpty()) {
            m.append(",\"annotations\":").append(object(annotations));
        }
        m.append('}');
        byte[] bytes = m.toString().getBytes(StandardCharsets.UTF_8);
        String digest = api.pushManifest(repository, tag != null ? tag : Digests.sha256(bytes), OCI_MANIFEST, bytes);
        return new Pushed(repository, digest, artifactType, bytes, List.copyOf(layers));
    }

    /** Adds {@code referrer} to the index tagged {@code sha256-<hex of subject>}, creating it if needed. */
    public void addToTagSchema(String repository, Subject subject, Pushed referrer, Map<String, String> annotations) {
        String tag = subject.digest().replace(':', '-');
        List<String> entries = new ArrayList<>();
        api.manifest(repository, tag, OCI_INDEX).ifPresent(existing -> {
            if (!existing.startsWith(INDEX_HEAD) || !existing.endsWith("]}")) {
                throw new IllegalStateException("the index under " + tag + " was not written by this pusher");
            }
            String body = existing.substring(INDEX_HEAD.length(), existing.length() - 2);
            if (!body.isEmpty()) {
                entries.add(body);
            }
        });
        entries.add(descriptor(OCI_MANIFEST, referrer.digest(), referrer.size(), referrer.artifactType(), annotations));
        byte[] index = (INDEX_HEAD + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
        api.pushManifest(repository, tag, OCI_INDEX, index);
    }

    private static String descriptor(
            String mediaType, String digest, long size, String artifactType, Map<String, String> annotations) {
        StringBuilder d = new StringBuilder(
                "{\"mediaType\":" + Json.quote(mediaType) + ",\"digest\":" + Json.quote(digest) + ",\"size\":" + size);
        if (artifactType != null) {
            d.append(",\"artifactType\":").append(Json.quote(artifactType));
        }
        if (!annotations.isEmpty()) {
            d.append(",\"annotations\":").append(object(annotations));
        }
        return d.append('}').toString();
    }

    private static String object(Map<String, String> values) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        new TreeMap<>(values).forEach((k, v) -> j.add(Json.quote(k) + ":" + Json.quote(v)));
        return j.toString();
    }
}
