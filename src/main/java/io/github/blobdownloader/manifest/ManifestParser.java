package io.github.blobdownloader.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.json.JsonSyntaxException;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.InvalidDigestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns manifest bytes into a {@link Manifest}, validating what later steps rely on: the media type, the
 * digests (spec grammar, so they are safe in URLs and file names) and the sizes.
 */
public final class ManifestParser {

    private ManifestParser() {}

    /**
     * @param bytes       the manifest exactly as served
     * @param contentType the response's {@code Content-Type} (parameters allowed), may be {@code null}
     * @param digest      the digest of {@code bytes}, already verified by the caller
     * @param what        the image, for messages
     */
    public static Manifest parse(byte[] bytes, String contentType, Digest digest, String what) {
        JsonNode root;
        try {
            root = JsonTrees.read(bytes);
        } catch (IOException e) {
            throw bad(what, "is not valid JSON (" + firstLine(e) + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(what, "is not a JSON object");
        }
        String headerType = stripParameters(contentType);
        String bodyType = text(root, "mediaType");
        if (root.path("schemaVersion").asInt(0) == 1
                || MediaTypes.isSchema1(headerType)
                || MediaTypes.isSchema1(bodyType)) {
            throw new BlobDownloaderException(
                    "image " + what + " has a Docker schema 1 manifest, which is"
                            + " deprecated and not supported: re-push it with a current Docker or skopeo",
                    true);
        }
        if (bodyType != null && headerType != null && isManifestType(headerType) && !bodyType.equals(headerType)) {
            throw bad(what, "says mediaType '" + bodyType + "' but was served as '" + headerType + "'");
        }
        String mediaType = bodyType != null ? bodyType : headerType;
        if (mediaType == null || !isManifestType(mediaType)) {
            mediaType = guess(root, mediaType, what);
        }
        String artifactType = optionalText(root, "artifactType");
        JsonNode subjectNode = root.get("subject");
        Descriptor subject = subjectNode != null && subjectNode.isObject() ? descriptor(subjectNode, what) : null;
        Map<String, String> annotations = annotations(root);
        if (MediaTypes.isIndex(mediaType)) {
            return new ImageIndex(
                    mediaType, descriptors(root, "manifests", what), artifactType, subject, annotations, bytes, digest);
        }
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw bad(what, "has no config descriptor");
        }
        return new ImageManifest(
                mediaType,
                descriptor(config, what),
                descriptors(root, "layers", what),
                artifactType,
                subject,
                annotations,
                bytes,
                digest);
    }

    private static boolean isManifestType(String type) {
        return MediaTypes.isIndex(type) || MediaTypes.isImageManifest(type);
    }

    /** Registries that serve {@code application/json} with no mediaType field: tell by the shape. */
    private static String guess(JsonNode root, String declared, String what) {
        if (declared != null
                && !declared.equals("application/json")
                && !declared.equals("text/plain")
                && !declared.equals("application/octet-stream")) {
            throw new BlobDownloaderException(
                    "image " + what + " has an unsupported manifest media type '" + declared + "' (supported: "
                            + String.join(", ", MediaTypes.ACCEPTED_MANIFESTS) + ")",
                    true);
        }
        if (root.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (root.has("config") && root.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw bad(what, "has no mediaType and is neither an index nor an image manifest");
    }

    private static List<Descriptor> descriptors(JsonNode root, String field, String what) {
        JsonNode array = root.get(field);
        if (array == null || !array.isArray()) {
            throw bad(what, "has no '" + field + "' array");
        }
        List<Descriptor> result = new ArrayList<>();
        for (JsonNode node : array) {
            result.add(descriptor(node, what));
        }
        return result;
    }

    /** Parses one descriptor; also used for the descriptors of other documents (lock files, layouts). */
    public static Descriptor descriptor(JsonNode node, String what) {
        String mediaType = text(node, "mediaType");
        if (mediaType == null) {
            throw bad(what, "has a descriptor without mediaType");
        }
        Digest digest;
        try {
            digest = Digest.parse(text(node, "digest"));
        } catch (InvalidDigestException e) {
            throw bad(what, "has a descriptor with an invalid digest: " + e.getMessage());
        }
        JsonNode sizeNode = node.get("size");
        if (sizeNode == null || !sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
            throw bad(what, "has a descriptor for " + digest + " without a valid size");
        }
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (p != null && p.isObject()) {
            platform = new Platform(
                    p.path("os").asText(""),
                    p.path("architecture").asText(""),
                    optionalText(p, "variant"),
                    optionalText(p, "os.version"));
        }
        List<String> urls = new ArrayList<>();
        node.path("urls").forEach(u -> urls.add(u.asText()));
        return new Descriptor(
                mediaType,
                digest,
                sizeNode.asLong(),
                platform,
                urls,
                annotations(node),
                optionalText(node, "artifactType"));
    }

    private static Map<String, String> annotations(JsonNode node) {
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations")
                .fields()
                .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return annotations;
    }

    /** A string field that counts only when present and not empty. */
    private static String optionalText(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isEmpty()
                ? node.get(field).asText()
                : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String stripParameters(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String type = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
        return type.isEmpty() ? null : type;
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonSyntaxException syntax ? syntax.detail() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static BlobDownloaderException bad(String what, String why) {
        return new BlobDownloaderException("the registry sent a bad manifest for " + what + ": it " + why, false);
    }
}
