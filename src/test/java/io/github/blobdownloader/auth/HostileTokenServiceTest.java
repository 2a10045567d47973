package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TokenServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry in token mode, whose realm is a token service that misbehaves (an in-process server: no
 * real one does this on purpose). Token requests go through the same pipeline as registry requests: each
 * misbehaviour ends in bounded time with one line.
 */
class HostileTokenServiceTest {

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();
    private TokenServer keys;
    private RegistryServer registry;
    private ServerSocket hostile;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
        if (keys != null) {
            keys.close();
        }
        if (hostile != null) {
            hostile.close();
        }
    }

    /** What the hostile service writes after reading a request. */
    private interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private void startRegistryWithTokenService(Answer answer) throws IOException {
        hostile = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(
                () -> {
                    while (!hostile.isClosed()) {
                        try {
                            Socket s = hostile.accept();
                            Thread t = new Thread(() -> serve(s, answer), "hostile-token-connection");
                            t.setDaemon(true);
                            t.start();
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "hostile-token-service");
        server.setDaemon(true);
        server.start();
        keys = TokenServer.start();
        String realm = "http://127.0.0.1:" + hostile.getLocalPort() + "/token";
        registry = RegistryServer.builder()
                .auth("token:\n  realm: " + realm + "\n  service: " + TokenServer.SERVICE + "\n  issuer: "
                        + TokenServer.ISSUER + "\n  rootcertbundle: " + keys.rootCertBundle())
                .start();
    }

    private void serve(Socket socket, Answer answer) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            int state = 0;
            int b;
            while (state < 4 && (b = in.read()) >= 0) {
                state = (b == '\r' || b == '\n') ? state + 1 : 0;
            }
            requests.incrementAndGet();
            answer.write(out);
            out.flush();
        } catch (IOException | InterruptedException ignored) {
            // the client gave up: that is what is tested
        }
    }

    private BlobDownloaderException pullFails() {
        return assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(log)
                        .pull(PullRequest.builder(registry.hostPort() + "/team/app:1.0", out)
                                .retries(2)
                                .timeout(Duration.ofSeconds(1))
                                .build()));
    }

    private void assertOneLineAndNothingWritten(BlobDownloaderException e, long startNanos) throws IOException {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - startNanos).toSeconds() < 15, "bounded");
        try (var files = Files.list(out)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void hugeTokenBodyIsRefusedWithoutReadingItAll() throws Exception {
        startRegistryWithTokenService(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (1L << 31)
                            + "\r\n\r\n{\"token\":\"")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] junk = new byte[64 * 1024];
            java.util.Arrays.fill(junk, (byte) 'a');
            for (int i = 0; i < 64; i++) { // 4 MiB, then the client must have stopped reading
                out.write(junk);
            }
        });
        long start = System.nanoTime();
        BlobDownloaderException e = pullFails();
        assertTrue(
                e.getMessage()
                        .startsWith("cannot get a token from the token service of registry " + registry.hostPort()
                                + " at 127.0.0.1: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("sent more than 1 MiB, which is no token"), e.getMessage());
        assertOneLineAndNothingWritten(e, start);
    }

    @Test
    void tokenServiceThatStallsAfterItsHeadersTimesOut() throws Exception {
        startRegistryWithTokenService(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4107\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(30_000);
        });
        long start = System.nanoTime();
        BlobDownloaderException e = pullFails();
        assertTrue(e.getMessage().contains("no data received for 1 s after 0 bytes; raise ⟨timeout⟩"), e.getMessage());
        assertOneLineAndNothingWritten(e, start);
    }

    @Test
    void failingTokenServiceIsRetriedThenNamed() throws Exception {
        startRegistryWithTokenService(
                out -> out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n" + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)));
        long start = System.nanoTime();
        BlobDownloaderException e = pullFails();
        assertEquals(
                "the token service of registry " + registry.hostPort() + " at 127.0.0.1 answered HTTP 503 for"
                        + " scope repository:team/app:pull; the service is failing, try again later or raise ⟨retries⟩",
                e.getMessage());
        assertEquals(2, requests.get(), "retries=2: two attempts");
        assertOneLineAndNothingWritten(e, start);
    }
}
