package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.reference.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only media types change; every other field, its order and the blobs' digests are kept. */
class OciConversionTest {

    private static final String CONFIG = "sha256:" + "c".repeat(64);
    private static final String LAYER = "sha256:" + "a".repeat(64);
    private static final String FOREIGN = "sha256:" + "f".repeat(64);

    @Test
    void dockerManifestGetsOciTypesAndKeepsEverythingElse() {
        ImageManifest docker = (ImageManifest) parse("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7,"
                + "\"digest\":\"" + CONFIG + "\"},\"layers\":["
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"size\":5,"
                + "\"digest\":\"" + FOREIGN + "\",\"urls\":[\"https://example.invalid/base\"]},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":3,"
                + "\"digest\":\"" + LAYER + "\"}],\"annotations\":{\"k\":\"v\"}}");

        ImageManifest oci = OciConversion.manifest(docker);

        assertEquals(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":7,"
                        + "\"digest\":\"" + CONFIG + "\"},\"layers\":["
                        + "{\"mediaType\":\"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip\",\"size\":5,"
                        + "\"digest\":\"" + FOREIGN + "\",\"urls\":[\"https://example.invalid/base\"]},"
                        + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":3,"
                        + "\"digest\":\"" + LAYER + "\"}],\"annotations\":{\"k\":\"v\"}}",
                new String(oci.raw(), StandardCharsets.UTF_8));
        assertEquals(Digest.sha256Of(oci.raw()), oci.digest());
        assertEquals(CONFIG, oci.config().digest().toString());
        assertTrue(oci.layers().get(0).isForeign(), "a foreign layer stays foreign");
    }

    @Test
    void ociManifestIsLeftAlone() {
        ImageManifest oci = (ImageManifest) parse("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":7,"
                + "\"digest\":\"" + CONFIG + "\"},\"layers\":[]}");

        assertSame(oci, OciConversion.manifest(oci));
        ImageIndex index =
                (ImageIndex) parse("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                        + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":"
                        + oci.raw().length + ",\"digest\":\"" + oci.digest() + "\"}]}");
        assertSame(index, OciConversion.index(index, Map.of(oci.digest(), oci)));
    }

    @Test
    void manifestListNamesTheConvertedManifestsAndKeepsPlatforms() {
        ImageManifest docker = (ImageManifest) parse("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7,"
                + "\"digest\":\"" + CONFIG + "\"},\"layers\":[]}");
        ImageManifest oci = OciConversion.manifest(docker);
        ImageIndex list = (ImageIndex) parse("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":"
                + docker.raw().length + ",\"digest\":\"" + docker.digest() + "\",\"platform\":{\"architecture\":"
                + "\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.20348.2461\"}}]}");

        ImageIndex converted = OciConversion.index(list, Map.<Digest, Manifest>of(docker.digest(), oci));

        assertEquals(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":" + oci.raw().length
                        + ",\"digest\":\"" + oci.digest()
                        + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\","
                        + "\"os.version\":\"10.0.20348.2461\"}}]}",
                new String(converted.raw(), StandardCharsets.UTF_8));
    }

    private static Manifest parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ManifestParser.parse(bytes, null, Digest.sha256Of(bytes), "test");
    }
}
