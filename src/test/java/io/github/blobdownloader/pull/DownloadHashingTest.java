package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.tls.TlsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who computes the SHA-256 of a download over plain HTTP from the real registry: for more than 64 MiB BoringSSL
 * where it loads, the JDK under {@code tlsEngine=jdk}; for a small one the JDK.
 * Verified and written the same either way. (Over TLS through BoringSSL it always hashes: {@link TlsPullTest}.)
 */
class DownloadHashingTest {

    private static final String NATIVE_HASHING = "SHA-256 of the blobs: BoringSSL's";

    @TempDir
    static Path libraryFolder;

    private static RegistryServer registry;
    private static PushedImage image;
    private static PushedImage small;

    @TempDir
    Path out;

    @BeforeAll
    static void pushALargeImage() {
        registry = RegistryServer.builder().start();
        image = TestImages.pushImage(
                new RegistryApi(registry.baseUri()),
                "large/app",
                "v1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                2,
                (int) (ColdStart.LARGE_DOWNLOAD / 2) + 4096,
                7);
        small = TestImages.pushImage(
                new RegistryApi(registry.baseUri()), "small/app", "v1", Format.OCI, "linux", "amd64", null, 3, 2000, 8);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void boringSslHashesALargePlainDownload() throws Exception {
        RecordingLog log = pull(TlsEngine.of(TlsEngine.Choice.AUTO, libraryFolder));

        assertTrue(log.contains(NATIVE_HASHING), log.text());
        assertLayersWritten();
    }

    @Test
    void underJdkTheJdkHashes() throws Exception {
        RecordingLog log = pull(TlsEngine.of(TlsEngine.Choice.JDK, libraryFolder));

        assertFalse(log.contains(NATIVE_HASHING), log.text());
        assertLayersWritten();
    }

    @Test
    void theJdkHashesASmallPlainDownload() throws Exception {
        RecordingLog log = pull(TlsEngine.of(TlsEngine.Choice.AUTO, libraryFolder), "small/app:v1");

        assertFalse(log.contains(NATIVE_HASHING), log.text());
        assertLayersWritten(small);
    }

    private RecordingLog pull(TlsEngine engine) {
        return pull(engine, "large/app:v1");
    }

    private RecordingLog pull(TlsEngine engine, String repositoryAndTag) {
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(PullRequest.builder(registry.hostPort() + "/" + repositoryAndTag, out)
                        .retries(1)
                        .tls(engine)
                        .cacheDirectory(out.resolve("cache"))
                        .build());
        return log;
    }

    private void assertLayersWritten() throws Exception {
        assertLayersWritten(image);
    }

    private void assertLayersWritten(PushedImage pushed) throws Exception {
        for (var layer : pushed.layers()) {
            assertArrayEquals(
                    layer.bytes(), Files.readAllBytes(out.resolve(layer.digest().substring(7) + ".tar.gz")));
        }
    }
}
