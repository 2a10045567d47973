package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.testing.AccessLog;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer engine against the real registry: the shared cache, re-runs that send no blob request, and
 * offline mode. Requests are counted in the registry's own access log ({@link AccessLog}).
 */
class PullEngineTest {

    private static final int LAYERS = 3;
    private static final int LAYER_SIZE = 64 * 1024;

    private static RegistryServer registry;
    private static RegistryApi api;
    private static AccessLog accessLog;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().configFragment(AccessLog.CONFIG).start();
        api = new RegistryApi(registry.baseUri());
        accessLog = new AccessLog(registry);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void secondProjectTakesEveryBlobFromTheCacheAsCopiesOfItsOwn() throws Exception {
        PushedImage image = push("engine/shared", 1);
        Path cache = dir.resolve("cache");
        PullResult first = pull(image.imageReference(registry.hostPort()), dir.resolve("project-a"), cache, false);
        long blobGets = accessLog.blobGets("engine/shared");

        PullResult second = pull(image.imageReference(registry.hostPort()), dir.resolve("project-b"), cache, false);

        assertEquals(LAYERS + 1, first.blobsDownloaded());
        assertEquals(0, second.blobsDownloaded());
        assertEquals(LAYERS + 1, second.blobsFromCache());
        assertEquals(blobGets, accessLog.blobGets("engine/shared"), "the second project sent blob requests");
        for (PushedImage.Layer layer : image.layers()) {
            String name = layer.digest().substring("sha256:".length()) + ".tar.gz";
            Path a = dir.resolve("project-a").resolve(name);
            Path b = dir.resolve("project-b").resolve(name);
            assertFalse(Files.isSameFile(a, b), "an edit in one project would reach the other: " + b);
            assertFalse(Files.isSameFile(b, cache.resolve("blobs/sha256").resolve(name.replace(".tar.gz", ""))));
            assertArrayEquals(layer.bytes(), Files.readAllBytes(b));
        }
    }

    @Test
    void noOpRerunSendsOneManifestRequestAndNoBlobRequest() {
        PushedIndex index = TestImages.pushMultiPlatform(api, "engine/rerun", "1.0", TestImages.Format.OCI, 2);
        String ref = registry.hostPort() + "/engine/rerun:1.0";
        Path out = dir.resolve("out");
        pull(ref, out, dir.resolve("cache"), false);
        long blobs = accessLog.blobGets("engine/rerun");
        long manifests = accessLog.manifestGets("engine/rerun");

        PullResult rerun = pull(ref, out, dir.resolve("cache"), false);

        assertEquals(0, rerun.blobsDownloaded() + rerun.blobsFromCache());
        assertEquals(index.images().get(0).layers().size() + 1, rerun.blobsReused());
        assertEquals(blobs, accessLog.blobGets("engine/rerun"), "blob requests on a no-op re-run");
        assertEquals(
                manifests + 1,
                accessLog.manifestGets("engine/rerun"),
                "a tag re-run needs exactly one manifest request; the platform's manifest comes from the cache");
    }

    @Test
    void rerunPinnedByDigestSendsNoRequestAtAll() {
        PushedImage image = push("engine/pinned", 3);
        String ref = registry.hostPort() + "/engine/pinned@" + image.manifestDigest();
        pull(ref, dir.resolve("out"), dir.resolve("cache"), false);
        long requests = accessLog.requests("engine/pinned");

        pull(ref, dir.resolve("out"), dir.resolve("cache"), false);
        pull(ref, dir.resolve("elsewhere"), dir.resolve("cache"), false);

        assertEquals(requests, accessLog.requests("engine/pinned"));
    }

    @Test
    void offlinePullsAPinnedImageFromTheCacheAlone() throws Exception {
        PushedImage image = push("engine/offline", 4);
        String ref = registry.hostPort() + "/engine/offline@" + image.manifestDigest();
        pull(ref, dir.resolve("online"), dir.resolve("cache"), false);
        long requests = accessLog.requests("engine/offline");

        PullResult offline = new ImagePuller(Log.silent())
                .pull(PullRequest.builder(ref, dir.resolve("offline"))
                        .cacheDirectory(dir.resolve("cache"))
                        .offline(true)
                        .build());

        assertEquals(LAYERS + 1, offline.blobsFromCache());
        assertEquals(requests, accessLog.requests("engine/offline"));
        assertArrayEquals(image.configBytes(), Files.readAllBytes(dir.resolve("offline/config.json")));
    }

    @Test
    void offlineFailsClearlyWhenTheCacheLacksTheImageOrOnlyATagIsGiven() {
        PushedImage image = push("engine/offline-miss", 5);
        String pinned = registry.hostPort() + "/engine/offline-miss@" + image.manifestDigest();
        String tagged = registry.hostPort() + "/engine/offline-miss:1.0";
        long requests = accessLog.requests("engine/offline-miss");

        BlobDownloaderException notCached = assertThrows(BlobDownloaderException.class, () -> pullOffline(pinned));
        BlobDownloaderException tagOnly = assertThrows(BlobDownloaderException.class, () -> pullOffline(tagged));

        assertTrue(notCached.isUserError());
        assertTrue(
                notCached.getMessage().startsWith("⟨offline⟩: manifest " + image.manifestDigest()),
                notCached.getMessage());
        assertTrue(
                notCached.getMessage().contains("is not in the blob cache " + dir.resolve("cache")),
                notCached.getMessage());
        assertTrue(
                tagOnly.getMessage().contains("names a tag")
                        && tagOnly.getMessage().contains("⟨lockFile⟩"),
                tagOnly.getMessage());
        assertEquals(requests, accessLog.requests("engine/offline-miss"));
        assertTrue(Files.notExists(dir.resolve("offline")), "an offline failure wrote into the output");
    }

    @Test
    void concurrentPullsOnOneCacheBothSucceedAndFetchEachBlobOnce() throws Exception {
        PushedImage image = push("engine/concurrent", 6);
        String ref = image.imageReference(registry.hostPort());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<PullResult>> pulls = new ArrayList<>();
        for (String project : List.of("a", "b")) {
            pulls.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return pull(ref, dir.resolve(project), dir.resolve("cache"), false);
            }));
        }
        go.countDown();

        PullResult a = pulls.get(0).get();
        PullResult b = pulls.get(1).get();

        assertEquals(LAYERS + 1, a.blobsDownloaded() + b.blobsDownloaded(), "each blob is downloaded once");
        assertEquals(LAYERS + 1, a.blobsFromCache() + b.blobsFromCache());
        assertEquals(LAYERS + 1, accessLog.blobGets("engine/concurrent"));
        for (PushedImage.Layer layer : image.layers()) {
            String name = layer.digest().substring("sha256:".length()) + ".tar.gz";
            assertArrayEquals(layer.bytes(), Files.readAllBytes(dir.resolve("a").resolve(name)));
            assertArrayEquals(layer.bytes(), Files.readAllBytes(dir.resolve("b").resolve(name)));
        }
    }

    @Test
    void verifyExistingRehashesAndReplacesContentCorruptedInPlace() throws Exception {
        PushedImage image = push("engine/verify", 7);
        String ref = image.imageReference(registry.hostPort());
        pull(ref, dir.resolve("out"), dir.resolve("cache"), false);
        PushedImage.Layer layer = image.layers().get(1);
        Path file = dir.resolve("out").resolve(layer.digest().substring("sha256:".length()) + ".tar.gz");
        byte[] corrupt = layer.bytes().clone();
        corrupt[corrupt.length / 2] ^= 1;
        // Same size, in the output and (by hand) in the cache entry: both wrong.
        Files.write(file, corrupt);
        Files.write(dir.resolve("cache/blobs/sha256").resolve(layer.digest().substring("sha256:".length())), corrupt);
        long blobGets = accessLog.blobGets("engine/verify");

        PullResult trusting = pull(ref, dir.resolve("out"), dir.resolve("cache"), false);
        PullResult verifying = pull(ref, dir.resolve("out"), dir.resolve("cache"), true);

        assertEquals(0, trusting.blobsDownloaded(), "size checks alone trust the file");
        assertEquals(1, verifying.blobsDownloaded());
        assertEquals(blobGets + 1, accessLog.blobGets("engine/verify"));
        assertArrayEquals(layer.bytes(), Files.readAllBytes(file));
    }

    private PushedImage push(String repository, long seed) {
        return TestImages.pushImage(
                api, repository, "1.0", TestImages.Format.OCI, "linux", "amd64", null, LAYERS, LAYER_SIZE, seed);
    }

    private PullResult pull(String ref, Path out, Path cache, boolean verifyExisting) {
        return new ImagePuller(Log.silent())
                .pull(PullRequest.builder(ref, out)
                        .cacheDirectory(cache)
                        .verifyExisting(verifyExisting)
                        .build());
    }

    private PullResult pullOffline(String ref) {
        return new ImagePuller(Log.silent())
                .pull(PullRequest.builder(ref, dir.resolve("offline"))
                        .cacheDirectory(dir.resolve("cache"))
                        .offline(true)
                        .build());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
