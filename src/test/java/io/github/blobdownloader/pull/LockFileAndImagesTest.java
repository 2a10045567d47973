package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock file, download report and several images, against the real registry. */
class LockFileAndImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryServer registry;
    private static RegistryApi api;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void pinHoldsWhenTheTagMovesUntilUpdateLockAndAVanishedPinIsAClearError() throws Exception {
        PushedImage first = TestImages.pushImage(api, "lock/app", "1.0", Format.OCI, "linux", "amd64", null, 2, 512, 1);
        Path lock = tmp.resolve("blob-lock.json");

        PullResult initial = pull("lock/app:1.0", tmp.resolve("out1"), lock, false, new RecordingLog());
        assertEquals(
                first.manifestDigest(),
                initial.images().get(0).reference().digest().toString());
        JsonNode entry =
                JSON.readTree(lock.toFile()).path("images").path(registry.hostPort() + "/lock/app:1.0 linux/amd64");
        assertEquals(first.manifestDigest(), entry.path("digest").asText());
        assertEquals("1.0", entry.path("tag").asText());
        assertEquals("linux/amd64", entry.path("platform").asText());

        // Re-tag: a different image under the same tag.
        PushedImage second =
                TestImages.pushImage(api, "lock/app", "1.0", Format.OCI, "linux", "amd64", null, 2, 512, 2);
        RecordingLog log = new RecordingLog();
        pull("lock/app:1.0", tmp.resolve("out2"), lock, false, log);
        assertArrayEquals(first.manifestBytes(), Files.readAllBytes(tmp.resolve("out2/manifest.json")));
        assertTrue(
                log.contains(
                        "WARN Tag " + registry.hostPort() + "/lock/app:1.0 has moved to " + second.manifestDigest()),
                log.toString());
        assertTrue(Files.exists(
                tmp.resolve("out2/" + first.layers().get(0).digest().substring(7) + ".tar.gz")));

        PullResult updated = pull("lock/app:1.0", tmp.resolve("out3"), lock, true, new RecordingLog());
        assertEquals(
                second.manifestDigest(),
                updated.images().get(0).reference().digest().toString());
        assertArrayEquals(second.manifestBytes(), Files.readAllBytes(tmp.resolve("out3/manifest.json")));
        assertTrue(Files.readString(lock).contains(second.manifestDigest()));
        assertFalse(Files.readString(lock).contains(first.manifestDigest()));

        api.deleteManifest("lock/app", second.manifestDigest());
        BlobDownloaderException gone = assertThrows(
                BlobDownloaderException.class,
                () -> pull("lock/app:1.0", tmp.resolve("out4"), lock, false, new RecordingLog()));
        assertTrue(gone.isUserError());
        assertTrue(
                gone.getMessage().contains(lock.toString())
                        && gone.getMessage().contains(second.manifestDigest())
                        && gone.getMessage().contains("⟨updateLock=true⟩"),
                gone.getMessage());
    }

    @Test
    void severalImagesShareALockFileAndAFolderWithoutTouchingEachOther() throws Exception {
        TestImages.pushImage(api, "team/web", "1.2.0", Format.DOCKER, "linux", "amd64", null, 1, 300, 10);
        PushedImage webHighest = TestImages.pushImage(
                api,
                "team/web",
                "1.10.0",
                Format.DOCKER,
                "linux",
                "amd64",
                null,
                1,
                300,
                11,
                Instant.parse("2023-01-01T00:00:00Z"));
        PushedImage db = TestImages.pushImage(api, "team/db", "16", Format.OCI, "linux", "amd64", null, 2, 300, 12);
        Path lock = tmp.resolve("images.lock");
        Path out = tmp.resolve("shared");

        List<ImageSet.Outcome> outcomes = ImageSet.pullAll(
                List.of(
                        new ImageSet.Job(
                                null,
                                request("team/web", out, lock)
                                        .tagStrategy("semver")
                                        .build()),
                        new ImageSet.Job(
                                "database", request("team/db:16", out, lock).build())),
                new RecordingLog());

        assertEquals(
                List.of("web", "database"),
                outcomes.stream().map(ImageSet.Outcome::id).toList());
        assertEquals(
                webHighest.manifestDigest(),
                outcomes.get(0).result().images().get(0).reference().digest().toString());
        JsonNode pins = JSON.readTree(lock.toFile()).path("images");
        List<String> keys = new ArrayList<>();
        pins.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of(
                        registry.hostPort() + "/team/db:16 linux/amd64",
                        registry.hostPort() + "/team/web tagStrategy=semver linux/amd64"),
                keys);
        assertEquals("1.10.0", pins.path(keys.get(1)).path("tag").asText());

        for (String id : List.of("web", "database")) {
            assertTrue(Files.isRegularFile(out.resolve(id).resolve("manifest.json")), id);
        }
        assertFalse(Files.exists(out.resolve("manifest.json")), "nothing written to the shared folder itself");

        JsonNode report =
                JSON.readTree(out.resolve("database/download-report.json").toFile());
        assertEquals(registry.hostPort() + "/team/db", report.path("image").asText());
        assertEquals("16", report.path("tag").asText());
        assertEquals(db.manifestDigest(), report.path("digest").asText());
        JsonNode image = report.path("images").path(0);
        assertTrue(image.path("platform").isNull(), "a single-platform manifest has no index platform");
        assertEquals(db.manifestDigest(), image.path("manifestDigest").asText());
        JsonNode blobs = image.path("blobs");
        assertEquals(3, blobs.size());
        assertEquals("config.json", blobs.path(0).path("file").asText());
        assertEquals(db.configDigest(), blobs.path(0).path("digest").asText());
        for (int i = 0; i < 2; i++) {
            PushedImage.Layer layer = db.layers().get(i);
            JsonNode blob = blobs.path(i + 1);
            assertEquals(layer.digest(), blob.path("digest").asText());
            assertEquals(layer.size(), blob.path("size").asLong());
            assertEquals(layer.mediaType(), blob.path("mediaType").asText());
            assertEquals(
                    layer.size(),
                    Files.size(out.resolve("database").resolve(blob.path("file").asText())));
        }
    }

    @Test
    void duplicateIdsAreRefusedBeforeAnythingIsFetched() {
        Path out = tmp.resolve("dup");
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> ImageSet.plan(List.of(
                        new ImageSet.Job(null, request("one/app:1", out, null).build()),
                        new ImageSet.Job(
                                null,
                                request("two/app:1", tmp.resolve("elsewhere"), null)
                                        .build()))));
        assertTrue(e.getMessage().contains("id 'app'") && e.getMessage().contains("distinct id"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void offlineUpdateLockSaysThatUpdatingNeedsTheRegistry() {
        TestImages.pushImage(api, "lock/offline", "1.0", Format.OCI, "linux", "amd64", null, 1, 512, 30);
        Path lock = tmp.resolve("blob-lock.json");
        pull("lock/offline:1.0", tmp.resolve("out1"), lock, false, new RecordingLog());

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request("lock/offline:1.0", tmp.resolve("out2"), lock)
                                .updateLock(true)
                                .offline(true)
                                .build()));

        assertEquals(
                "⟨offline⟩: ⟨updateLock=true⟩ re-resolves " + registry.hostPort()
                        + "/lock/offline at the registry, which offline mode does not reach; build without ⟨offline=on⟩ to update "
                        + lock.toAbsolutePath() + ", or drop ⟨updateLock⟩ to use its pins",
                e.getMessage());
        assertTrue(e.isUserError());
    }

    @Test
    void offlineWithAPlatformThatHasNoPinNamesThePinnedOnes() {
        TestImages.pushMultiPlatform(api, "lock/multi", "2.0", Format.OCI, 31);
        Path lock = tmp.resolve("blob-lock.json");
        pull("lock/multi:2.0", tmp.resolve("out1"), lock, false, new RecordingLog());

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request("lock/multi:2.0", tmp.resolve("out2"), lock)
                                .platform("linux/arm64/v8")
                                .offline(true)
                                .build()));

        assertEquals(
                "⟨offline⟩: " + lock.toAbsolutePath() + " (⟨lockFile⟩) has no pin for "
                        + registry.hostPort()
                        + "/lock/multi:2.0 on platform linux/arm64/v8 (it pins linux/amd64); build once"
                        + " without ⟨offline=on⟩ to pin it, or set ⟨platform⟩ to a pinned one",
                e.getMessage());
        assertTrue(e.isUserError());
    }

    private PullResult pull(String image, Path out, Path lock, boolean updateLock, RecordingLog log) {
        return new ImagePuller(log)
                .pull(request(image, out, lock).updateLock(updateLock).build());
    }

    private PullRequest.Builder request(String image, Path out, Path lock) {
        return PullRequest.builder(registry.hostPort() + "/" + image, out).lockFile(lock);
    }
}
