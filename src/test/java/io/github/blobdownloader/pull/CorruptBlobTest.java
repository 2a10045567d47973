package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.PulledFiles.assertNoPartFiles;
import static io.github.blobdownloader.pull.PulledFiles.assertSeedLayout;
import static io.github.blobdownloader.pull.PulledFiles.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.registry.DigestMismatchException;
import io.github.blobdownloader.testing.Digests;
import io.github.blobdownloader.testing.Fault;
import io.github.blobdownloader.testing.FaultProxy;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong blob content from the registry, injected by a {@link FaultProxy} in front of the real one: the pull
 * fails naming the digests, and nothing is left under the blob's final name or as a temp file.
 */
class CorruptBlobTest {

    private static RegistryServer registry;
    private static FaultProxy proxy;
    private static PushedImage image;

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().start();
        image = TestImages.pushImage(
                new RegistryApi(registry.baseUri()),
                "faults/app",
                "v1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                3,
                40_000,
                51);
        proxy = FaultProxy.start(registry.baseUri());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        registry.close();
    }

    @AfterEach
    void clearRules() {
        proxy.clearRules();
    }

    private PushedImage.Layer victim() {
        return image.layers().get(1);
    }

    private FaultProxy.Rule onVictim(Fault fault) {
        return proxy.add(FaultProxy.Rule.on("GET", "/v2/faults/app/blobs/" + victim().digest())
                .then(fault));
    }

    private Path victimFile() {
        return out.resolve(victim().digest().substring(7) + ".tar.gz");
    }

    /** Through the proxy, named by URL: it speaks plain HTTP only (see {@link FaultProxy}). */
    private PullRequest viaProxy() {
        return PullRequest.builder("faults/app:v1", out)
                .registryUrl(proxy.baseUri() + "/v2")
                .retries(1)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private <T extends BlobDownloaderException> T pullFails(Class<T> type) {
        return assertThrows(type, () -> new ImagePuller(log).pull(viaProxy()));
    }

    @Test
    void passesThroughUntouchedWithoutRules() throws Exception {
        new ImagePuller(log).pull(viaProxy());
        assertSeedLayout(out, image);
        assertTrue(
                proxy.requests().contains("GET /v2/faults/app/blobs/" + victim().digest()),
                proxy.requests().toString());
    }

    @Test
    void flippedByteIsADigestMismatchNamingBothDigests() throws Exception {
        FaultProxy.Rule rule = onVictim(Fault.flipByte(20_000));
        DigestMismatchException e = pullFails(DigestMismatchException.class);

        assertEquals(1, rule.applied());
        String actual = Digests.sha256(Fault.flipped(victim().bytes(), 20_000));
        assertEquals(
                "digest mismatch for blob " + victim().digest() + " of " + proxy.hostPort()
                        + "/faults/app: expected " + victim().digest() + ", got " + actual
                        + "; the registry served corrupt content",
                e.getMessage());
        assertFalse(e.isUserError());
        assertFalse(Files.exists(victimFile()), "nothing under the final name");
        assertFalse(fileNames(out).contains("manifest.json"), "the layout is not completed");
        assertNoPartFiles(out);
    }

    @Test
    void truncatedBlobIsRefused() throws Exception {
        onVictim(Fault.truncateBody(1000));
        DigestMismatchException e = pullFails(DigestMismatchException.class);
        assertTrue(
                e.getMessage()
                        .contains("blob " + victim().digest() + " of " + proxy.hostPort() + "/faults/app"
                                + " ended after 1000 bytes but its descriptor declares " + victim().size()),
                e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(Files.exists(victimFile()));
        assertNoPartFiles(out);
    }

    @Test
    void connectionCutMidBodyIsRefused() throws Exception {
        onVictim(Fault.cutAfter(5000));
        BlobDownloaderException e = pullFails(BlobDownloaderException.class);
        assertTrue(
                e.getMessage()
                        .startsWith("download of blob " + victim().digest() + " of " + proxy.hostPort()
                                + "/faults/app failed after "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" of " + victim().size() + " bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(Files.exists(victimFile()));
        assertNoPartFiles(out);
    }

    @Test
    void blobLongerThanDeclaredIsRefused() throws Exception {
        onVictim(Fault.appendToBody(new byte[] {1, 2, 3}));
        DigestMismatchException e = pullFails(DigestMismatchException.class);
        assertEquals(
                "blob " + victim().digest() + " of " + proxy.hostPort() + "/faults/app is longer than the "
                        + victim().size() + " bytes its descriptor declares; the registry served wrong content",
                e.getMessage());
        assertFalse(Files.exists(victimFile()));
        assertNoPartFiles(out);
    }

    @Test
    void corruptConfigLeavesNoConfigJson() throws Exception {
        proxy.add(FaultProxy.Rule.on("GET", ".*/blobs/" + image.configDigest()).then(Fault.flipByte(0)));
        DigestMismatchException e = pullFails(DigestMismatchException.class);
        assertTrue(e.getMessage().contains("expected " + image.configDigest()), e.getMessage());
        assertFalse(Files.exists(out.resolve("config.json")));
        assertNoPartFiles(out);
    }
}
