package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.PulledFiles.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.registry.RegistryException;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user reads when the image is not there or the registry is not reachable. */
class PullErrorsTest {

    private static RegistryServer registry;

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void pushImages() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        TestImages.pushImage(api, "errors/app", "v1", Format.OCI, "linux", "amd64", null, 1, 500, 41);
        TestImages.pushImage(api, "errors/app", "v2", Format.OCI, "linux", "amd64", null, 1, 500, 42);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private BlobDownloaderException pullFails(String image) {
        return assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(log)
                        .pull(PullRequest.builder(image, out).retries(2).build()));
    }

    @Test
    void unknownTagListsTheAvailableTags() {
        BlobDownloaderException e = pullFails(registry.hostPort() + "/errors/app:v3");
        assertEquals(
                "tag 'v3' not found in " + registry.hostPort() + "/errors/app; available tags: v1, v2;"
                        + " set ⟨tag⟩ to an existing tag",
                e.getMessage());
        assertTrue(e.isUserError());
        assertFalse(Files.exists(out) && !fileNames(out).isEmpty());
    }

    @Test
    void unknownDigestSaysManifest() {
        String digest = "sha256:" + "0".repeat(64);
        BlobDownloaderException e = pullFails(registry.hostPort() + "/errors/app@" + digest);
        assertTrue(
                e.getMessage()
                        .startsWith("manifest " + digest + " not found in " + registry.hostPort()
                                + "/errors/app; available tags: v1, v2"),
                e.getMessage());
    }

    @Test
    void unknownRepositorySaysSo() {
        BlobDownloaderException e = pullFails(registry.hostPort() + "/errors/missing:v1");
        assertEquals(
                "repository errors/missing not found at registry " + registry.hostPort() + "; check ⟨image⟩",
                e.getMessage());
        assertTrue(e.isUserError());
    }

    @Test
    void unreachableRegistryIsOneLineAfterTheConfiguredRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String hostPort = "127.0.0.1:" + closedPort;
        long start = System.nanoTime();
        BlobDownloaderException e = pullFails(hostPort + "/errors/app:v1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        RegistryException unreachable = assertInstanceOfRegistryException(e);
        assertEquals(0, unreachable.status());
        assertTrue(
                e.getMessage()
                        .startsWith("cannot reach registry " + hostPort + " (" + hostPort + ") for manifest of "
                                + hostPort + "/errors/app:v1 after 2 attempt(s): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("check that the registry is running"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.isUserError());
        assertEquals(
                1,
                log.linesContaining("WARN Retrying GET http://" + hostPort + "/v2/")
                        .size(),
                log.text());
        assertTrue(took.toSeconds() < 10, "retries=2 keeps it short: " + took);
        assertEquals(Set.of(), Files.exists(out) ? fileNames(out) : Set.of());
    }

    private static RegistryException assertInstanceOfRegistryException(BlobDownloaderException e) {
        assertTrue(e instanceof RegistryException, e.getClass() + ": " + e.getMessage());
        return (RegistryException) e;
    }
}
