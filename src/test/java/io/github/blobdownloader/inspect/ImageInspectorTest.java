package io.github.blobdownloader.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {

    private static RegistryServer registry;
    private static PushedIndex index;

    @TempDir
    Path tmp;

    @BeforeAll
    static void push() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        PushedImage amd64 = TestImages.pushImage(
                api,
                "inspect/app",
                null,
                Format.OCI,
                "linux",
                "amd64",
                null,
                2,
                700,
                1,
                Instant.parse("2024-04-05T06:07:08Z"));
        PushedImage arm64 = TestImages.pushImage(
                api,
                "inspect/app",
                null,
                Format.OCI,
                "linux",
                "arm64",
                "v8",
                1,
                700,
                2,
                Instant.parse("2024-04-01T00:00:00Z"));
        index = TestImages.pushIndex(api, "inspect/app", "2.1", Format.OCI, List.of(amd64, arm64));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void textShowsDigestPlatformsLayersCreatedAndOsArch() {
        Inspection inspection = inspect("inspect/app:2.1", "linux/amd64");
        String text = String.join("\n", InspectionFormat.TEXT.render(inspection));
        PushedImage amd64 = index.images().get(0);

        assertTrue(text.contains("Digest:     " + index.manifestDigest()), text);
        assertTrue(text.contains("Media type: application/vnd.oci.image.index.v1+json"), text);
        assertTrue(text.contains("linux/arm64/v8   " + index.images().get(1).manifestDigest()), text);
        assertTrue(text.contains("Created:  2024-04-05T06:07:08Z"), text);
        assertTrue(text.contains("OS/Arch:  linux/amd64"), text);
        for (PushedImage.Layer layer : amd64.layers()) {
            assertTrue(text.contains(layer.digest()) && text.contains(layer.mediaType()), text);
        }
        assertTrue(!text.contains("Created:  2024-04-01"), "only the asked platform is detailed");
        assertTrue(Files.notExists(tmp.resolve("downloaded_blobs")), "inspect downloads nothing");
    }

    @Test
    void jsonHasEveryPlatformWithAll() throws Exception {
        String json = String.join("\n", InspectionFormat.JSON.render(inspect("inspect/app:2.1", "all")));
        JsonNode root = new ObjectMapper().readTree(json);

        assertEquals(index.manifestDigest(), root.path("digest").asText());
        assertEquals(2, root.path("platforms").size());
        assertEquals(2, root.path("images").size());
        JsonNode arm = root.path("images").path(1);
        assertEquals("linux/arm64/v8", arm.path("platform").asText());
        assertEquals("arm64", arm.path("architecture").asText());
        assertEquals("v8", arm.path("variant").asText());
        assertEquals("2024-04-01T00:00:00Z", arm.path("created").asText());
        PushedImage.Layer layer = index.images().get(1).layers().get(0);
        assertEquals(layer.size(), arm.path("layers").path(0).path("size").asLong());
        assertEquals(layer.digest(), arm.path("layers").path(0).path("digest").asText());
    }

    @Test
    void unknownFormatNamesTheParameter() {
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> InspectionFormat.parse("yaml"));
        assertTrue(e.getMessage().contains("⟨format⟩") && e.isUserError(), e.getMessage());
    }

    private Inspection inspect(String image, String platform) {
        return new ImageInspector(Log.silent())
                .inspect(PullRequest.builder(registry.hostPort() + "/" + image, tmp.resolve("downloaded_blobs"))
                        .platform(platform)
                        .build()
                        .query());
    }
}
