package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.DockerEngine;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.RunnableImages;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code docker-archive} layout as its consumers read it: a real Docker engine loads and runs it, podman
 * loads it, for images the tests craft and images buildah and skopeo made. One engine per class.
 */
class DockerArchiveConsumersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryServer registry;
    private static RegistryApi api;
    private static DockerEngine engine;
    private static Path tools;
    private static ExternalTool buildah;

    private final ExternalTool skopeo = ExternalTool.skopeo();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
        engine = DockerEngine.start();
        tools = Files.createTempDirectory("containers-tools");
        buildah = ExternalTool.containersTool("buildah", tools.resolve("buildah"));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        registry.close();
        if (tools != null) {
            RegistryServer.deleteRecursively(tools);
        }
    }

    @Test
    void dockerLoadsAndRunsACraftedImageAndPodmanLoadsIt() throws IOException {
        PushedImage image = RunnableImages.pushCrafted(api, "run/crafted", "1.0", Format.DOCKER, "hello-from-blob");

        Path archive = pull("run/crafted:1.0", tmp.resolve("out"), new RecordingLog());

        String name = registry.hostPort() + "/run/crafted:1.0";
        ExternalTool docker = engine.client();
        assertTrue(docker.run("load", "-i", archive.toString()).contains("Loaded image: " + name));
        JsonNode inspected = JSON.readTree(docker.run("image", "inspect", name)).get(0);
        assertEquals(image.configDigest(), inspected.path("Id").asText(), "the image id is the config's digest");
        assertEquals(
                "[\"/busybox\",\"echo\",\"hello-from-blob\"]",
                inspected.path("Config").path("Entrypoint").toString());
        assertEquals(
                "hello-from-blob",
                docker.run("run", "--rm", "--network", "none", name).strip());

        ExternalTool podman = ExternalTool.containersTool("podman", tmp.resolve("podman"));
        assertTrue(podman.run("load", "-i", archive.toString()).contains(name), "podman names the loaded image");
        JsonNode fromPodman =
                JSON.readTree(podman.run("image", "inspect", name)).get(0);
        assertEquals(image.configDigest(), "sha256:" + fromPodman.path("Id").asText());
    }

    @Test
    void dockerRunsAnImageBuiltByBuildah() {
        RunnableImages.buildWithBuildah(buildah, registry.hostPort(), "run/buildah:oci", "oci", "hello-from-buildah");
        RunnableImages.buildWithBuildah(
                buildah, registry.hostPort(), "run/buildah:docker", "docker", "hello-from-buildah-docker");

        for (String tag : new String[] {"oci", "docker"}) {
            Path archive = pull("run/buildah:" + tag, tmp.resolve(tag), new RecordingLog());
            String name = registry.hostPort() + "/run/buildah:" + tag;
            engine.client().run("load", "-i", archive.toString());
            String expected = tag.equals("oci") ? "hello-from-buildah" : "hello-from-buildah-docker";
            assertEquals(
                    expected,
                    engine.client()
                            .run("run", "--rm", "--network", "none", name)
                            .strip());
            ExternalTool podman = ExternalTool.containersTool("podman", tmp.resolve("podman-" + tag));
            assertTrue(podman.run("load", "-i", archive.toString()).contains(name));
        }
    }

    @Test
    void zstdLayersWarnThatDockerReadsThemFrom23On() {
        RunnableImages.buildWithBuildah(buildah, registry.hostPort(), "run/zstd:gzip", "oci", "hello-from-zstd");
        RunnableImages.copyAsZstd(skopeo, tmp, registry.hostPort(), "run/zstd:gzip", "run/zstd:1");
        RecordingLog log = new RecordingLog();

        Path archive = pull("run/zstd:1", tmp.resolve("out"), log);

        assertEquals(1, log.linesContaining("WARN").size(), log.text());
        String warning = log.linesContaining("WARN").get(0);
        assertTrue(
                warning.contains("zstd") && warning.contains("Docker 23") && warning.contains("run/zstd:1"), warning);
        String name = registry.hostPort() + "/run/zstd:1";
        ExternalTool podman = ExternalTool.containersTool("podman", tmp.resolve("podman"));
        assertTrue(podman.run("load", "-i", archive.toString()).contains(name), "podman reads zstd layers");
        ExternalTool.Result load = engine.client().runAllowingFailure("load", "-i", archive.toString());
        if (engine.majorVersion() >= 23) {
            assertEquals(0, load.exitCode(), load.toString());
            assertEquals(
                    "hello-from-zstd",
                    engine.client()
                            .run("run", "--rm", "--network", "none", name)
                            .strip());
        } else {
            assertNotEquals(
                    0, load.exitCode(), "Docker " + engine.serverVersion() + " is said not to read zstd: " + load);
            assertTrue(load.stderr().contains("archive/tar: invalid tar header"), "as the warning quotes: " + load);
        }
    }

    @Test
    void ociArtifactIsRefusedBeforeAnyDownload() {
        RunnableImages.pushArtifact(api, "run/artifact", "1");
        Path out = tmp.resolve("out");

        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> pull("run/artifact:1", out, Log.silent()));

        assertTrue(e.isUserError());
        assertEquals(
                "image " + registry.hostPort() + "/run/artifact:1 is an OCI artifact (artifactType"
                        + " application/vnd.example.readme), not a container image"
                        + " (config application/vnd.oci.empty.v1+json, layer text/markdown), and docker load, podman and"
                        + " skopeo cannot read it from a docker-archive; use ⟨layout=files⟩ for its files, or"
                        + " ⟨layout=oci⟩ to keep it whole",
                e.getMessage());
        assertFalse(Files.exists(out), "nothing was written");

        // An image config, but a layer no engine unpacks.
        TestImages.pushImage(
                api,
                "run/custom-layer",
                "1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                List.of(LayerSpec.ociGzip(91, 500), LayerSpec.of("application/vnd.example.data", new byte[] {1, 2})),
                TestImages.DEFAULT_CREATED);
        BlobDownloaderException custom =
                assertThrows(BlobDownloaderException.class, () -> pull("run/custom-layer:1", out, Log.silent()));
        assertTrue(
                custom.getMessage()
                        .contains("(config " + MediaTypes.OCI_CONFIG + ", layer application/vnd.example.data)"),
                custom.getMessage());
        assertFalse(Files.exists(out), "nothing was written");
    }

    private Path pull(String image, Path out, Log log) {
        new ImagePuller(log)
                .pull(PullRequest.builder(registry.hostPort() + "/" + image, out)
                        .layout("docker-archive")
                        .build());
        try (var files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".tar")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
