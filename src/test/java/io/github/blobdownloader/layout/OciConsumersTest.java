package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.RunnableImages;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code oci} layout as OCI tools read it, Docker-format images included: umoci and skopeo find them by
 * tag, and podman loads the packed layout (what {@code attach} publishes, an {@code oci-archive}).
 */
class OciConsumersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryServer registry;
    private static RegistryApi api;

    private final ExternalTool skopeo = ExternalTool.skopeo();
    private final ExternalTool umoci = ExternalTool.umoci();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void dockerFormatImagesAreConvertedSoUmociAndSkopeoReadThemByTag() throws IOException {
        PushedImage crafted = RunnableImages.pushCrafted(api, "oci/crafted", "d1", Format.DOCKER, "hello");
        ExternalTool buildah = ExternalTool.containersTool("buildah", tmp.resolve("buildah"));
        RunnableImages.buildWithBuildah(buildah, registry.hostPort(), "oci/built:d2", "docker", "hello-from-buildah");
        String builtDigest = JSON.readTree(skopeo.run(
                        "inspect", "--tls-verify=false", "docker://" + registry.hostPort() + "/oci/built:d2"))
                .path("Digest")
                .asText();
        Path oci = tmp.resolve("oci");
        Path lock = tmp.resolve("blob-lock.json");

        PullResult first = pull("oci/crafted:d1", oci, lock);
        pull("oci/built:d2", oci, lock);

        assertEquals("d1\nd2", umoci.run("ls", "--layout", oci.toString()).strip());
        Path bundle = tmp.resolve("bundle");
        umoci.run("unpack", "--rootless", "--image", oci + ":d2", bundle.toString());
        assertEquals("hello-from-buildah\n", Files.readString(bundle.resolve("rootfs/line")));

        JsonNode entries = JSON.readTree(oci.resolve("index.json").toFile()).path("manifests");
        JsonNode entry = entries.get(0);
        assertEquals(MediaTypes.OCI_MANIFEST, entry.path("mediaType").asText());
        assertNotEquals(
                crafted.manifestDigest(), entry.path("digest").asText(), "a converted manifest has a new digest");
        assertEquals(
                crafted.manifestDigest(),
                entry.path("annotations").path(OciLayout.REGISTRY_DIGEST).asText(),
                "the entry names the registry's digest");
        assertEquals(
                builtDigest,
                entries.get(1)
                        .path("annotations")
                        .path(OciLayout.REGISTRY_DIGEST)
                        .asText());
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "oci:" + oci + ":d1"));
        assertEquals(entry.path("digest").asText(), inspected.path("Digest").asText());
        JsonNode manifest = JSON.readTree(skopeo.run("inspect", "--raw", "oci:" + oci + ":d1"));
        assertEquals(
                MediaTypes.OCI_CONFIG, manifest.path("config").path("mediaType").asText());
        assertEquals(
                crafted.configDigest(),
                manifest.path("config").path("digest").asText(),
                "the config's bytes are kept, so the image id does not change");
        assertEquals(
                MediaTypes.OCI_LAYER_GZIP,
                manifest.path("layers").get(0).path("mediaType").asText());

        // What a user pins is what the registry serves: the lock file and the result name its digest.
        assertEquals(
                crafted.manifestDigest(),
                first.images().get(0).reference().digest().toString());
        String pins = Files.readString(lock);
        assertTrue(pins.contains(crafted.manifestDigest()) && pins.contains(builtDigest), pins);
        byte[] index = Files.readAllBytes(oci.resolve("index.json"));
        PullResult again = pull("oci/crafted:d1", oci, lock);
        assertEquals(0, again.blobsDownloaded());
        assertArrayEquals(index, Files.readAllBytes(oci.resolve("index.json")), "the conversion is reproducible");
    }

    @Test
    void dockerManifestListBecomesAnOciIndexOfConvertedManifests() throws IOException {
        PushedIndex list = TestImages.pushMultiPlatform(api, "oci/list", "m1", Format.DOCKER, 81);
        Path oci = tmp.resolve("oci");

        new ImagePuller(Log.silent())
                .pull(PullRequest.builder(registry.hostPort() + "/oci/list:m1", oci)
                        .layout("oci")
                        .platform("all")
                        .build());

        JsonNode entry = JSON.readTree(oci.resolve("index.json").toFile())
                .path("manifests")
                .get(0);
        assertEquals(MediaTypes.OCI_INDEX, entry.path("mediaType").asText());
        assertEquals(
                list.manifestDigest(),
                entry.path("annotations").path(OciLayout.REGISTRY_DIGEST).asText());
        JsonNode index = JSON.readTree(skopeo.run("inspect", "--raw", "oci:" + oci + ":m1"));
        assertEquals(2, index.path("manifests").size());
        for (int i = 0; i < 2; i++) {
            JsonNode child = index.path("manifests").get(i);
            assertEquals(MediaTypes.OCI_MANIFEST, child.path("mediaType").asText());
            assertEquals(
                    list.images().get(i).architecture(),
                    child.path("platform").path("architecture").asText());
        }
        Path copy = tmp.resolve("copy");
        skopeo.run("copy", "--multi-arch", "all", "oci:" + oci + ":m1", "oci:" + copy + ":m1");
        assertEquals("m1", umoci.run("ls", "--layout", copy.toString()).strip());
    }

    @Test
    void podmanLoadsThePackedOciLayoutOfADockerFormatImage() throws IOException {
        PushedImage image = RunnableImages.pushCrafted(api, "oci/packed", "p1", Format.DOCKER, "packed");
        Path oci = tmp.resolve("oci");
        pull("oci/packed:p1", oci, null);
        Path archive = tmp.resolve("image.tar");

        LayoutArchive.pack(oci, archive);

        ExternalTool podman = ExternalTool.containersTool("podman", tmp.resolve("podman"));
        String name = registry.hostPort() + "/oci/packed:p1";
        String loaded = podman.run("load", "-i", archive.toString());
        assertTrue(
                loaded.contains("Loaded image: " + name), "podman names it by " + OciLayout.IMAGE_NAME + ": " + loaded);
        JsonNode inspected = JSON.readTree(podman.run("image", "inspect", name)).get(0);
        assertEquals(image.configDigest(), "sha256:" + inspected.path("Id").asText());
        JsonNode fromSkopeo = JSON.readTree(skopeo.run("inspect", "oci-archive:" + archive + ":p1"));
        assertEquals(1, fromSkopeo.path("Layers").size());
    }

    private PullResult pull(String image, Path out, Path lockFile) {
        return new ImagePuller(Log.silent())
                .pull(PullRequest.builder(registry.hostPort() + "/" + image, out)
                        .layout("oci")
                        .lockFile(lockFile)
                        .build());
    }
}
