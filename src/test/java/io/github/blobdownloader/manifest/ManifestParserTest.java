package io.github.blobdownloader.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.reference.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Manifest bytes to {@link Manifest}, and every way a registry can get them wrong. */
class ManifestParserTest {

    private static final String WHAT = "example.com/app:1";
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final String D3 = "sha256:" + "3".repeat(64);

    private static String image(String mediaTypeField, String configType, String layerType) {
        return "{\"schemaVersion\":2," + mediaTypeField
                + "\"config\":{\"mediaType\":\"" + configType + "\",\"digest\":\"" + D1 + "\",\"size\":7},"
                + "\"layers\":[{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + D2 + "\",\"size\":100},"
                + "{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + D3 + "\",\"size\":200}]}";
    }

    private static String index(String mediaTypeField) {
        return "{\"schemaVersion\":2," + mediaTypeField + "\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1 + "\",\"size\":500,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D2 + "\",\"size\":501,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D3 + "\",\"size\":502,"
                + "\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"},"
                + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}";
    }

    private static String typeField(String mediaType) {
        return "\"mediaType\":\"" + mediaType + "\",";
    }

    private static Manifest parse(String json, String contentType) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ManifestParser.parse(bytes, contentType, Digest.sha256Of(bytes), WHAT);
    }

    @Test
    void ociImageManifest() {
        String json = image(
                typeField(MediaTypes.OCI_MANIFEST),
                MediaTypes.OCI_CONFIG,
                "application/vnd.oci.image.layer.v1.tar+gzip");
        ImageManifest m = assertInstanceOf(ImageManifest.class, parse(json, MediaTypes.OCI_MANIFEST));
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(D1, m.config().digest().toString());
        assertEquals(7, m.config().size());
        assertEquals(2, m.layers().size());
        assertEquals(D3, m.layers().get(1).digest().toString());
        assertEquals(307, m.totalSize());
        assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), m.raw());
        assertEquals(Digest.sha256Of(m.raw()), m.digest());
    }

    @Test
    void dockerV2ManifestWithContentTypeParameters() {
        String json = image(
                typeField(MediaTypes.DOCKER_MANIFEST),
                MediaTypes.DOCKER_CONFIG,
                "application/vnd.docker.image.rootfs.diff.tar.gzip");
        ImageManifest m =
                assertInstanceOf(ImageManifest.class, parse(json, MediaTypes.DOCKER_MANIFEST + "; charset=utf-8"));
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, m.config().mediaType());
    }

    @Test
    void ociIndex() {
        ImageIndex index =
                assertInstanceOf(ImageIndex.class, parse(index(typeField(MediaTypes.OCI_INDEX)), MediaTypes.OCI_INDEX));
        assertEquals(3, index.manifests().size());
        assertEquals(
                new Platform("linux", "arm64", "v8"), index.manifests().get(1).platform());
        assertNull(index.manifests().get(0).platform().variant());
        assertEquals(
                "attestation-manifest", index.manifests().get(2).annotations().get("vnd.docker.reference.type"));
    }

    @Test
    void dockerManifestList() {
        ImageIndex list = assertInstanceOf(
                ImageIndex.class,
                parse(index(typeField(MediaTypes.DOCKER_MANIFEST_LIST)), MediaTypes.DOCKER_MANIFEST_LIST));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, list.mediaType());
    }

    @Test
    void missingMediaTypeIsTakenFromContentType() {
        Manifest m = parse(image("", MediaTypes.DOCKER_CONFIG, "x"), MediaTypes.DOCKER_MANIFEST);
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
    }

    @Test
    void missingMediaTypeIsGuessedFromTheShape() {
        assertEquals(
                MediaTypes.OCI_MANIFEST,
                parse(image("", MediaTypes.OCI_CONFIG, "x"), "application/json").mediaType());
        assertEquals(
                MediaTypes.OCI_MANIFEST,
                parse(image("", MediaTypes.OCI_CONFIG, "x"), null).mediaType());
        assertEquals(MediaTypes.OCI_INDEX, parse(index(""), "application/json").mediaType());
        assertEquals(MediaTypes.OCI_INDEX, parse(index(""), "").mediaType());
    }

    @Test
    void schema1ByContentTypeIsRefusedClearly() {
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> parse("{\"schemaVersion\":2,\"name\":\"x\"}", MediaTypes.DOCKER_SCHEMA1_SIGNED));
        assertSchema1Message(e);
    }

    @Test
    void schema1BySchemaVersionIsRefusedClearly() {
        String v1 = "{\"schemaVersion\":1,\"name\":\"app\",\"tag\":\"1\",\"fsLayers\":[],\"history\":[]}";
        assertSchema1Message(assertThrows(BlobDownloaderException.class, () -> parse(v1, "application/json")));
        assertSchema1Message(assertThrows(BlobDownloaderException.class, () -> parse(v1, null)));
    }

    private static void assertSchema1Message(BlobDownloaderException e) {
        assertTrue(e.getMessage().contains("schema 1"), e.getMessage());
        assertTrue(e.getMessage().contains(WHAT), e.getMessage());
        assertTrue(e.getMessage().contains("re-push"), e.getMessage());
    }

    @Test
    void unknownMediaTypeIsRefused() {
        String type = "application/vnd.example.thing.v1+json";
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class, () -> parse(image(typeField(type), MediaTypes.OCI_CONFIG, "x"), type));
        assertTrue(e.getMessage().contains("unsupported manifest media type '" + type + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(MediaTypes.OCI_INDEX), "lists what is supported: " + e.getMessage());

        assertThrows(
                BlobDownloaderException.class,
                () -> parse(image("", MediaTypes.OCI_CONFIG, "x"), "application/vnd.oci.image.config.v1+json"));
    }

    @Test
    void mediaTypeContradictingContentTypeIsRefused() {
        String json = image(typeField(MediaTypes.OCI_MANIFEST), MediaTypes.OCI_CONFIG, "x");
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> parse(json, MediaTypes.DOCKER_MANIFEST));
        assertTrue(e.getMessage().contains(MediaTypes.OCI_MANIFEST), e.getMessage());
        assertTrue(e.getMessage().contains(MediaTypes.DOCKER_MANIFEST), e.getMessage());
        assertFalse(e.isUserError(), "the registry is at fault");
        // An index served as an image manifest is the same contradiction.
        assertThrows(
                BlobDownloaderException.class,
                () -> parse(index(typeField(MediaTypes.OCI_INDEX)), MediaTypes.OCI_MANIFEST));
    }

    @Test
    void invalidDescriptorDigestIsRefused() {
        String json = image(typeField(MediaTypes.OCI_MANIFEST), MediaTypes.OCI_CONFIG, "x")
                .replace(D3, "sha256:../../../etc/passwd");
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> parse(json, MediaTypes.OCI_MANIFEST));
        assertTrue(e.getMessage().contains("invalid digest"), e.getMessage());
        assertTrue(e.getMessage().contains(WHAT), e.getMessage());

        String upper = image(typeField(MediaTypes.OCI_MANIFEST), MediaTypes.OCI_CONFIG, "x")
                .replace(D2, "sha256:" + "A".repeat(64));
        assertThrows(BlobDownloaderException.class, () -> parse(upper, MediaTypes.OCI_MANIFEST));
        String noDigest = image(typeField(MediaTypes.OCI_MANIFEST), MediaTypes.OCI_CONFIG, "x")
                .replace("\"digest\":\"" + D2 + "\",", "");
        assertThrows(BlobDownloaderException.class, () -> parse(noDigest, MediaTypes.OCI_MANIFEST));
    }

    @Test
    void badSizesAndShapesAreRefused() {
        String base = image(typeField(MediaTypes.OCI_MANIFEST), MediaTypes.OCI_CONFIG, "x");
        assertThrows(BlobDownloaderException.class, () -> parse(base.replace("\"size\":100", "\"size\":-1"), null));
        assertThrows(
                BlobDownloaderException.class, () -> parse(base.replace("\"size\":100", "\"size\":\"100\""), null));
        assertThrows(BlobDownloaderException.class, () -> parse(base.replace("\"layers\"", "\"layerz\""), null));
        assertThrows(BlobDownloaderException.class, () -> parse("[1,2]", null));
        BlobDownloaderException notJson =
                assertThrows(BlobDownloaderException.class, () -> parse("{\"schemaVersion\":2,\n\"x\":", null));
        assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
        assertFalse(notJson.getMessage().contains("\n"), "one line: " + notJson.getMessage());
    }
}
