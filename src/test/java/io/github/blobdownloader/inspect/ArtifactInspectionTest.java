package io.github.blobdownloader.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.ArtifactPusher;
import io.github.blobdownloader.testing.ArtifactPusher.Layer;
import io.github.blobdownloader.testing.ArtifactPusher.Pushed;
import io.github.blobdownloader.testing.ArtifactPusher.Subject;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.ScriptedRegistryProxy;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} of OCI artifacts and of what refers to an image. */
class ArtifactInspectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPDX = "application/spdx+json";

    private static RegistryServer registry;
    private static PushedImage image;
    private static Pushed sbom;

    @TempDir
    Path tmp;

    @BeforeAll
    static void push() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        image = TestImages.pushImage(api, "art/app", "1.0", Format.OCI, "linux", "amd64", null, 1, 400, 51);
        sbom = new ArtifactPusher(api)
                .attach(
                        "art/app",
                        Subject.of(image),
                        SPDX,
                        List.of(Layer.titled("application/json", "sbom.json", "{}".getBytes(StandardCharsets.UTF_8))),
                        Map.of("org.opencontainers.image.created", "2026-01-02T03:04:05Z"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private Inspection inspect(String reference) {
        return inspect(registry.hostPort(), reference);
    }

    private Inspection inspect(String hostPort, String reference) {
        return new ImageInspector(Log.silent())
                .inspect(PullRequest.builder(hostPort + "/" + reference, tmp.resolve("unused"))
                        .build()
                        .query());
    }

    @Test
    void anImageShowsItsReferrersWithTypeDigestAndSize() throws Exception {
        Inspection inspection = inspect("art/app:1.0");
        String text = String.join("\n", InspectionFormat.TEXT.render(inspection));
        assertTrue(text.contains("Referrers:  1 (the referrers tag schema)"), text);
        assertTrue(text.contains(sbom.digest()) && text.contains(SPDX), text);

        JsonNode json = JSON.readTree(InspectionFormat.JSON.render(inspection).get(0));
        JsonNode listed = json.path("referrers").path("manifests").get(0);
        assertEquals(sbom.digest(), listed.path("digest").asText());
        assertEquals(SPDX, listed.path("artifactType").asText());
        assertEquals(sbom.size(), listed.path("size").asLong());
        assertTrue(json.path("artifactType").isNull(), "an image is no artifact");
    }

    @Test
    void anArtifactShowsItsTypeSubjectAnnotationsAndLayerTitles() throws Exception {
        Inspection inspection = inspect("art/app@" + sbom.digest());
        String text = String.join("\n", InspectionFormat.TEXT.render(inspection));
        assertTrue(text.contains("Artifact type: " + SPDX), text);
        assertTrue(text.contains("Subject:    " + image.manifestDigest()), text);
        assertTrue(text.contains("org.opencontainers.image.created: 2026-01-02T03:04:05Z"), text);
        assertTrue(text.contains("sbom.json"), text);
        assertTrue(!text.contains("OS/Arch"), "the empty config is not an image config: " + text);

        JsonNode json = JSON.readTree(InspectionFormat.JSON.render(inspection).get(0));
        assertEquals(SPDX, json.path("artifactType").asText());
        assertEquals(image.manifestDigest(), json.path("subject").path("digest").asText());
        assertEquals(
                "2026-01-02T03:04:05Z",
                json.path("annotations")
                        .path("org.opencontainers.image.created")
                        .asText());
        assertEquals(
                "sbom.json",
                json.path("images")
                        .get(0)
                        .path("layers")
                        .get(0)
                        .path("annotations")
                        .path("org.opencontainers.image.title")
                        .asText());
    }

    @Test
    void itsLogLinesNameTheImageForParallelBuilds() {
        io.github.blobdownloader.testing.RecordingLog log = new io.github.blobdownloader.testing.RecordingLog();
        new ImageInspector(log)
                .inspect(PullRequest.builder(registry.hostPort() + "/art/app:1.0", tmp.resolve("unused"))
                        .insecureRegistries(java.util.Set.of(registry.hostPort()))
                        .build()
                        .query());
        assertTrue(
                log.lines().stream()
                        .anyMatch(l -> l.contains("are NOT verified")
                                && l.endsWith("(for " + registry.hostPort() + "/art/app:1.0)")),
                log.toString());
    }

    @Test
    void aRegistryThatFailsTheListingStillGetsTheRestInspected() {
        try (ScriptedRegistryProxy proxy = ScriptedRegistryProxy.start(registry.baseUri())) {
            proxy.on("/referrers/", ScriptedRegistryProxy.status(400), -1);
            Inspection inspection = inspect(proxy.hostPort(), "art/app:1.0");
            String text = String.join("\n", InspectionFormat.TEXT.render(inspection));
            assertTrue(text.contains("Digest:     " + image.manifestDigest()), text);
            assertTrue(text.contains("Referrers:  could not be listed (registry "), text);
        }
    }
}
