package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that hangs up in the middle of the TLS handshake, as an overloaded server or balancer does, and
 * answers the next connection: the request is retried on a new connection, within the attempt budget.
 */
class HandshakeHangUpTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aHandshakeCutShortIsRetriedOnANewConnectionEvenForAPost() throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir.resolve("ca"));
        SSLContext server = ca.serverContext(ca.issue("127.0.0.1", "localhost"));
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    try (Socket first = listener.accept()) {
                        connections.incrementAndGet();
                        first.getInputStream().read(new byte[100]); // part of the ClientHello, then gone
                    }
                    try (Socket second = listener.accept();
                            SSLSocket tls = (SSLSocket)
                                    server.getSocketFactory().createSocket(second, null, second.getPort(), true)) {
                        connections.incrementAndGet();
                        tls.setUseClientMode(false);
                        answer(tls);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HttpTransport client = new RetryingTransport(
                    new SocketTransport(
                            TransferLimits.of(Duration.ofSeconds(10), 0),
                            ca::clientContext,
                            ProxySettings.jvmDefaults()),
                    new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)),
                    new RecordingLog());
            URI uri = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/v2/");

            // a POST (a token request) too: nothing was sent on the connection that was cut
            try (HttpResponse response = client.send(HttpRequest.get(uri).withMethod("POST"))) {
                assertEquals(200, response.statusCode());
                assertEquals("ok", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
            }
            serving.get(10, TimeUnit.SECONDS);
            assertEquals(2, connections.get());
        }
    }

    private static void answer(SSLSocket tls) throws IOException {
        InputStream in = tls.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "the request ended early");
            head.append((char) b);
        }
        OutputStream out = tls.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void aServerThatAlwaysHangsUpIsExplainedInOneLineWithWhatToTry() {
        String line = Failures.explain("registry.test:443", new HandshakeHangUpException(), Duration.ofSeconds(30));

        assertEquals(
                "the server closed the connection during the TLS handshake; if it does so every time, a proxy or"
                        + " firewall between may be cutting TLS to it, or the server refuses BoringSSL's hello: try"
                        + " ⟨tlsEngine=jdk⟩",
                line);
        assertTrue(Failures.isTransient(new HandshakeHangUpException()));
    }
}
