package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.auth.Credential;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.registry.Mirror;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.testing.TestProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors against real registries: a {@code docker-registry} in pull-through mode ({@code proxy: remoteurl})
 * in front of another real one, needing its own credentials.
 */
class MirrorPullTest {

    private static RegistryServer origin;
    private static RegistryServer cache;
    private static PushedImage image;
    private static PushedImage hubImage;

    @TempDir
    Path out;

    @BeforeAll
    static void startOriginAndCache() {
        origin = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(origin.baseUri());
        image = TestImages.pushImage(api, "team/app", "v1", Format.OCI, "linux", "amd64", null, 2, 3000, 71);
        hubImage =
                TestImages.pushImage(api, "library/hubby", "1.0", Format.DOCKER, "linux", "amd64", null, 1, 2000, 72);
        cache = RegistryServer.builder()
                .proxy(origin.baseUri().toString())
                .htpasswd("agent", "c4che")
                .start();
    }

    @AfterAll
    static void stop() {
        cache.close();
        origin.close();
    }

    @Test
    void thePullThroughCacheServesWhileTheOriginIsDown() {
        // The image names a registry nobody listens on; only the cache (whose upstream is the real origin) can serve.
        String deadOrigin = "127.0.0.1:" + closedPort();
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(PullRequest.builder(deadOrigin + "/team/app:v1", out)
                        .retries(1)
                        .credentials(cacheCredentials())
                        .mirrors(List.of(new Mirror(deadOrigin, cache.baseUri().toString())))
                        .build());
        assertLayersDownloaded(image);
        assertTrue(
                log.text()
                        .contains(
                                "INFO Image " + deadOrigin + "/team/app:v1 is served by the mirror " + cache.baseUri()),
                log.text());
        assertFalse(log.text().contains("WARN"), log.text());
    }

    @Test
    void dockerHubImagesComeFromTheCacheUnderTheSameLibraryPath() {
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(PullRequest.builder("hubby:1.0", out)
                        .retries(1)
                        .credentials(cacheCredentials())
                        .mirrors(List.of(new Mirror("docker.io", cache.baseUri() + "/v2/")))
                        .build());
        assertLayersDownloaded(hubImage);
        assertTrue(log.text().contains("Image docker.io/library/hubby:1.0 is served by the mirror"), log.text());
    }

    @Test
    void aDeadMirrorFallsThroughToTheNextAndThenTheOrigin() {
        String deadMirror = "http://127.0.0.1:" + closedPort();
        try (RegistryServer empty = RegistryServer.builder().start()) {
            RecordingLog log = new RecordingLog();
            new ImagePuller(log)
                    .pull(PullRequest.builder(origin.hostPort() + "/team/app:v1", out)
                            .retries(3)
                            .mirrors(List.of(
                                    new Mirror(origin.hostPort(), deadMirror),
                                    new Mirror(
                                            origin.hostPort(), empty.baseUri().toString())))
                            .build());
            assertLayersDownloaded(image);
            String text = log.text();
            assertTrue(
                    text.contains("WARN The mirror " + deadMirror + " failed for manifest of " + origin.hostPort()
                            + "/team/app:v1 (cannot reach"),
                    text);
            assertTrue(text.contains("trying the mirror " + empty.baseUri()), text);
            assertTrue(text.contains("WARN The mirror " + empty.baseUri() + " failed for manifest of"), text);
            assertTrue(
                    text.contains("Image " + origin.hostPort() + "/team/app:v1 is served by the registry "
                            + origin.hostPort()),
                    text);
        }
    }

    @Test
    void aMirrorLackingTheRepositoryIsNamedAsTheOneThatLacksIt() {
        try (RegistryServer empty = RegistryServer.builder().start()) {
            RecordingLog log = new RecordingLog();
            new ImagePuller(log)
                    .pull(PullRequest.builder(origin.hostPort() + "/team/app:v1", out)
                            .retries(1)
                            .mirrors(List.of(new Mirror(
                                    origin.hostPort(), empty.baseUri().toString())))
                            .build());
            assertLayersDownloaded(image);
            assertEquals(
                    List.of("WARN The mirror " + empty.baseUri() + " failed for manifest of " + origin.hostPort()
                            + "/team/app:v1 (repository team/app not found at mirror " + empty.baseUri() + "; check the"
                            + " ⟨mirrors⟩ entry for " + origin.hostPort() + "); trying the registry "
                            + origin.hostPort()),
                    log.linesContaining("WARN"),
                    log.text());
        }
    }

    @Test
    void aMirrorLackingTheTagListsTheMirrorsTags() {
        try (RegistryServer older = RegistryServer.builder().start()) {
            TestImages.pushImage(
                    new RegistryApi(older.baseUri()),
                    "team/app",
                    "v0",
                    Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    1,
                    1000,
                    73);
            RecordingLog log = new RecordingLog();
            new ImagePuller(log)
                    .pull(PullRequest.builder(origin.hostPort() + "/team/app:v1", out)
                            .retries(1)
                            .mirrors(List.of(new Mirror(
                                    origin.hostPort(), older.baseUri().toString())))
                            .build());
            assertLayersDownloaded(image);
            assertTrue(
                    log.text()
                            .contains("(tag 'v1' not found in " + origin.hostPort() + "/team/app at mirror "
                                    + older.baseUri() + "; available tags: v0;"),
                    log.text());
        }
    }

    @Test
    void aMirrorMissingABlobLeavesThatBlobToTheOrigin() {
        try (RegistryServer partial = RegistryServer.builder().start()) {
            RegistryApi api = new RegistryApi(partial.baseUri());
            PushedImage copy =
                    TestImages.pushImage(api, "team/app", "v1", Format.OCI, "linux", "amd64", null, 2, 3000, 71);
            assertEquals(image.manifestDigest(), copy.manifestDigest());
            String missing = copy.layers().get(1).digest();
            api.deleteBlob("team/app", missing);
            RecordingLog log = new RecordingLog();
            new ImagePuller(log)
                    .pull(PullRequest.builder(origin.hostPort() + "/team/app:v1", out)
                            .retries(1)
                            .mirrors(List.of(new Mirror(
                                    origin.hostPort(), partial.baseUri().toString())))
                            .build());
            assertLayersDownloaded(image);
            assertTrue(log.text().contains("is served by the mirror " + partial.baseUri()), log.text());
            assertTrue(
                    log.text().contains("WARN The mirror " + partial.baseUri() + " failed for blob " + missing),
                    log.text());
            assertEquals(
                    1, log.lines().stream().filter(l -> l.startsWith("WARN")).count(), log.text());
        }
    }

    @Test
    void mirrorsOfOtherRegistriesAreNotAsked() {
        try (TestProxy watcher = TestProxy.start()) {
            new ImagePuller(new RecordingLog())
                    .pull(PullRequest.builder(origin.hostPort() + "/team/app:v1", out)
                            .mirrors(List.of(new Mirror("docker.io", "http://mirror.invalid")))
                            .proxies(new ProxySettings(List.of(new ProxySettings.Entry(
                                    "w", "http", "127.0.0.1", watcher.port(), null, null, "127.0.0.1"))))
                            .build());
            assertLayersDownloaded(image);
            assertEquals(List.of(), watcher.requests(), "nothing but the origin (bypassing the proxy) was asked");
        }
    }

    @Test
    void offlineModeMakesNoRequestAtAll() {
        try (TestProxy watcher = TestProxy.start()) {
            BlobDownloaderException e = assertThrows(
                    BlobDownloaderException.class,
                    () -> new ImagePuller(new RecordingLog())
                            .pull(PullRequest.builder(origin.hostPort() + "/team/app:v1", out)
                                    .offline(true)
                                    .mirrors(List.of(new Mirror(
                                            origin.hostPort(), cache.baseUri().toString())))
                                    .proxies(new ProxySettings(List.of(new ProxySettings.Entry(
                                            "w", "http", "127.0.0.1", watcher.port(), null, null, null))))
                                    .build()));
            assertTrue(e.isUserError());
            assertTrue(
                    e.getMessage()
                            .startsWith("⟨offline⟩: image " + origin.hostPort() + "/team/app:v1 names" + " a tag"),
                    e.getMessage());
            assertEquals(List.of(), watcher.requests());
        }
    }

    @Test
    void aMirrorUrlWithCredentialsIsRefusedWithoutEchoingThem() {
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(PullRequest.builder("alpine", out)
                                .mirrors(List.of(new Mirror("docker.io", "https://bob:s3cret@mirror.example")))
                                .build()));
        assertTrue(e.isUserError());
        assertTrue(e.getMessage().startsWith("invalid ⟨mirrors⟩ entry for docker.io"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    /** The cache wants its own user: looked up by the cache's host:port, as for any registry. */
    private static io.github.blobdownloader.auth.CredentialProvider cacheCredentials() {
        return registry -> registry.equals(cache.hostPort())
                ? Optional.of(new Credential("agent", "c4che", "test credentials for the cache"))
                : Optional.empty();
    }

    private void assertLayersDownloaded(PushedImage expected) {
        for (PushedImage.Layer layer : expected.layers()) {
            try {
                assertArrayEquals(
                        layer.bytes(),
                        Files.readAllBytes(out.resolve(layer.digest().substring(7) + ".tar.gz")));
            } catch (IOException e) {
                throw new AssertionError("layer " + layer.digest() + " missing", e);
            }
        }
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
