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
 * A download of more than 64 MiB over plain HTTP from the real registry: hashed by BoringSSL where it loads,
 * by the JDK under {@code tlsEngine=jdk}, verified and written the same either way.
 */
class LargeDownloadHashingTest {

    private static final String NATIVE_HASHING = "SHA-256 of the blobs: BoringSSL's";

    @TempDir
    static Path libraryFolder;

    private static RegistryServer registry;
    private static PushedImage image;

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

    private RecordingLog pull(TlsEngine engine) {
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(PullRequest.builder(registry.hostPort() + "/large/app:v1", out)
                        .retries(1)
                        .tls(engine)
                        .cacheDirectory(out.resolve("cache"))
                        .build());
        return log;
    }

    private void assertLayersWritten() throws Exception {
        for (var layer : image.layers()) {
            assertArrayEquals(
                    layer.bytes(), Files.readAllBytes(out.resolve(layer.digest().substring(7) + ".tar.gz")));
        }
    }
}
