package io.github.blobdownloader.pull;

import static io.github.blobdownloader.testing.ScriptedRegistryProxy.throttle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.layout.DockerArchiveLayout;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.PullProcess;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.ScriptedRegistryProxy.Recorded;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Four builds (separate JVMs, as four {@code mvn} processes) pull one image into one folder with one blob
 * cache at the same time, for every layout: all four succeed, each blob is fetched once, and what they leave
 * is read by skopeo, umoci and podman.
 */
class ConcurrentLayoutPullsTest extends ProxiedRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUILDS = 4;

    private final ExternalTool skopeo = ExternalTool.skopeo();

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "concurrent/app" + n, "v1", Format.OCI, "linux", "amd64", null, 3, 1_000_000, 900 + n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blobs", "oci", "docker-archive"})
    void fourProcessesIntoOneFolderAndOneCacheAllSucceed(String layout) throws Exception {
        Path shared = out.resolve("shared");
        Path cache = out.resolve("cache");
        // Slow enough (about 0.15 s a layer) that the builds overlap from the first blob to the last file.
        proxy.on("/blobs/", throttle(64 * 1024, Duration.ofMillis(10)), -1);
        List<Process> builds = new ArrayList<>();
        for (int i = 0; i < BUILDS; i++) {
            builds.add(PullProcess.start(
                    image.imageReference(proxy.hostPort()), shared, layout, cache, out.resolve("build-" + i + ".log")));
        }
        for (int i = 0; i < BUILDS; i++) {
            assertTrue(builds.get(i).waitFor(120, TimeUnit.SECONDS), "build " + i + " finished");
            assertEquals(0, builds.get(i).exitValue(), Files.readString(out.resolve("build-" + i + ".log")));
        }
        assertEachBlobFetchedOnce();
        switch (layout) {
            case "blobs" -> FaultScenario.assertComplete(shared, image);
            case "oci" -> assertOciLayoutReadable(shared);
            default -> assertDockerArchiveLoadable(shared);
        }
    }

    private void assertOciLayoutReadable(Path oci) throws Exception {
        String ref = "oci:" + oci + ":v1";
        assertEquals(
                image.manifestDigest(),
                JSON.readTree(skopeo.run("inspect", ref)).path("Digest").asText());
        Path copy = out.resolve("copy");
        skopeo.run("copy", ref, "dir:" + copy);
        for (PushedImage.Layer layer : image.layers()) {
            assertArrayEquals(
                    layer.bytes(),
                    Files.readAllBytes(copy.resolve(layer.digest().substring(7))));
        }
        assertEquals(
                "v1", ExternalTool.umoci().run("ls", "--layout", oci.toString()).strip());
        JsonNode index = JSON.readTree(oci.resolve("index.json").toFile());
        assertEquals(1, index.path("manifests").size(), "one entry, however many builds wrote it: " + index);
    }

    private void assertDockerArchiveLoadable(Path dir) throws Exception {
        ImageReference reference = ImageReference.parse(image.imageReference(proxy.hostPort()));
        Path archive = DockerArchiveLayout.archiveFile(dir, reference);
        assertEquals(
                List.of(archive.getFileName().toString(), "download-report.json"),
                FaultScenario.files(dir),
                "the archive and the report, no staging folder, temp or lock file");
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "docker-archive:" + archive));
        assertEquals(image.layers().size(), inspected.path("Layers").size());
        Path copy = out.resolve("copy");
        // skopeo checks every layer against the config's diff_ids on the way.
        skopeo.run("copy", "docker-archive:" + archive, "dir:" + copy);
        assertEquals(
                image.configDigest(),
                JSON.readTree(copy.resolve("manifest.json").toFile())
                        .path("config")
                        .path("digest")
                        .asText());
        ExternalTool podman = ExternalTool.podman();
        String name = proxy.hostPort() + "/" + image.repository() + ":v1";
        try {
            String loaded = podman.run("load", "-i", archive.toString());
            assertTrue(loaded.contains(name), loaded);
            // podman's image id is the config's digest: it read the config and every layer it names.
            assertEquals(
                    image.configDigest().substring(7),
                    podman.run("image", "inspect", "--format", "{{.Id}}", name).strip());
        } finally {
            podman.runAllowingFailure("rmi", "-f", name);
        }
    }

    private void assertEachBlobFetchedOnce() {
        Map<String, Integer> gets = new HashMap<>();
        for (Recorded r : proxy.requests("/blobs/")) {
            gets.merge(r.target(), 1, Integer::sum);
        }
        assertEquals(1 + image.layers().size(), gets.size(), "config and layers: " + gets);
        gets.forEach((target, count) -> assertEquals(1, count, "fetched once through the shared cache: " + target));
    }
}
