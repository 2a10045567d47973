package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.tls.TlsTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against raw in-process servers: framing, reuse, and every wait bounded. */
class SocketTransportTest {

    /** Writes the answer to one request on a connection; returns whether to keep the connection open. */
    private interface Answer {
        boolean write(String requestHead, OutputStream out) throws IOException, InterruptedException;
    }

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private URI serve(Answer answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> connection(s, answer));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/");
    }

    private void connection(Socket socket, Answer answer) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                StringBuilder head = new StringBuilder();
                int b;
                while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                    head.append((char) b);
                }
                if (head.length() == 0) {
                    return;
                }
                heads.add(head.toString());
                boolean keep = answer.write(head.toString(), out);
                out.flush();
                if (!keep) {
                    return;
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the client went away
        }
    }

    private static SocketTransport client(Duration timeout, long lowSpeedLimit) {
        return new SocketTransport(
                TransferLimits.of(timeout, lowSpeedLimit), TlsTrust.jdkDefault(), ProxySettings.jvmDefaults());
    }

    private static String body(HttpResponse response) throws IOException {
        try (response) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void closingIdleConnectionsMakesTheNextRequestOpenANewOne() throws Exception {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            return true;
        });
        SocketTransport client = client(Duration.ofSeconds(5), 1);
        assertEquals("hello", body(client.send(HttpRequest.get(uri))));
        assertEquals("hello", body(client.send(HttpRequest.get(uri))));
        assertEquals(1, connections.get(), "kept alive and reused");
        client.closeIdleConnections();
        assertEquals("hello", body(client.send(HttpRequest.get(uri))));
        assertEquals(2, connections.get(), "the idle connection was closed, so a new one was opened");
    }

    @Test
    void keptAliveConnectionsAreReusedForTheNextRequest() throws IOException {
        URI uri = serve((head, out) -> {
            write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                            + "\r\nhello");
            return true;
        });
        SocketTransport client = client(Duration.ofSeconds(5), 0);
        HttpResponse first = client.send(HttpRequest.get(uri));
        assertEquals(
                "registry/2.0",
                first.headers().firstValue("docker-distribution-api-version").orElseThrow());
        assertEquals("hello", body(first));
        assertEquals("hello", body(client.send(HttpRequest.get(uri))));
        assertEquals(1, connections.get());
        assertTrue(heads.get(0).startsWith("GET /v2/ HTTP/1.1\r\n"), heads.get(0));
        assertTrue(heads.get(0).contains("Host: 127.0.0.1:" + server.getLocalPort() + "\r\n"), heads.get(0));
    }

    @Test
    void aConnectionTheServerClosedMeanwhileIsReplacedSilently() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false; // closes after every answer without saying so
        });
        SocketTransport client = client(Duration.ofSeconds(5), 0);
        assertEquals("ok", body(client.send(HttpRequest.get(uri))));
        assertEquals("ok", body(client.send(HttpRequest.get(uri))));
        assertEquals(2, connections.get());
    }

    @Test
    void chunkedAndCloseDelimitedBodiesAreReadWhole() throws IOException {
        URI uri = serve((head, out) -> {
            if (head.contains("/chunked")) {
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world"
                                + "\r\n0\r\nTrailer: x\r\n\r\n");
                return true;
            }
            write(out, "HTTP/1.0 200 OK\r\n\r\nuntil close");
            return false;
        });
        SocketTransport client = client(Duration.ofSeconds(5), 0);
        assertEquals("hello world", body(client.send(HttpRequest.get(uri.resolve("chunked")))));
        assertEquals("until close", body(client.send(HttpRequest.get(uri.resolve("plain")))));
    }

    @Test
    void aBodyEndingBeforeItsLengthIsAnError() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
            return false;
        });
        HttpResponse response = client(Duration.ofSeconds(5), 0).send(HttpRequest.get(uri));
        IOException e = assertThrows(IOException.class, () -> response.body().readAllBytes());
        assertEquals("connection closed after 5 bytes of the body, 100 declared", e.getMessage());
    }

    @Test
    void silenceLongerThanTheIdleTimeoutEndsTheBody() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
            out.flush();
            Thread.sleep(20_000);
            return false;
        });
        HttpResponse response = client(Duration.ofMillis(300), 0).send(HttpRequest.get(uri));
        long start = System.nanoTime();
        TransferStalledException e = assertThrows(
                TransferStalledException.class, () -> response.body().readAllBytes());
        assertFalse(e.tooSlow());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
        assertTrue(e.getMessage().startsWith("no data received for 1 s after 4 bytes"), e.getMessage());
    }

    @Test
    void aHeadThatNeverComesIsBoundedToo() throws IOException {
        URI uri = serve((head, out) -> {
            Thread.sleep(20_000);
            return false;
        });
        assertThrows(
                java.net.SocketTimeoutException.class,
                () -> client(Duration.ofMillis(300), 0).send(HttpRequest.get(uri)));
    }

    @Test
    void aBodySlowerThanTheLowSpeedLimitIsEnded() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                write(out, "x".repeat(10));
                out.flush();
                Thread.sleep(50);
            }
            return false;
        });
        HttpResponse response = client(Duration.ofMillis(500), 1000).send(HttpRequest.get(uri));
        TransferStalledException e = assertThrows(
                TransferStalledException.class, () -> response.body().readAllBytes());
        assertTrue(e.tooSlow());
        assertTrue(e.getMessage().contains("below 1000 bytes/s"), e.getMessage());
    }

    @Test
    void aTlsAnswerToPlainHttpIsRecognised() throws IOException {
        URI uri = serve((head, out) -> {
            out.write(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x0a});
            return false;
        });
        NotHttpException e = assertThrows(
                NotHttpException.class, () -> client(Duration.ofSeconds(5), 0).send(HttpRequest.get(uri)));
        assertTrue(e.looksLikeTls());
    }

    @Test
    void headAnswersHaveNoBodyWhateverTheirLength() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nDocker-Content-Digest: sha256:1\r\n\r\n");
            return true;
        });
        SocketTransport client = client(Duration.ofSeconds(5), 0);
        HttpRequest head = HttpRequest.get(uri).withMethod("HEAD");
        assertEquals("", body(client.send(head)));
        assertEquals("", body(client.send(head)));
        assertEquals(1, connections.get(), "the connection stays usable after a HEAD");
    }

    @Test
    void endlessInterimAnswersAreBoundedLikeAHead() throws IOException {
        URI uri = serve((head, out) -> {
            while (true) {
                write(out, "HTTP/1.1 100 Continue\r\n\r\n");
                out.flush();
            }
        });
        SocketTransport client = client(Duration.ofSeconds(5), 0);
        IOException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> assertThrows(IOException.class, () -> client.send(HttpRequest.get(uri))));
        assertEquals("answer head is longer than 262144 bytes", e.getMessage());
    }

    @Test
    void endlessTrailersOfAChunkedBodyAreBounded() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n");
            while (true) {
                write(out, "X-Trailer: " + "a".repeat(100) + "\r\n");
                out.flush();
            }
        });
        HttpResponse response = client(Duration.ofSeconds(5), 0).send(HttpRequest.get(uri));
        IOException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> response.body().readAllBytes()));
        assertEquals("the chunked body's trailer fields are longer than 262144 bytes", e.getMessage());
    }

    @Test
    void bytesBeyondABodyDoNotBecomeTheNextAnswer() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve((head, out) -> {
            if (requests.incrementAndGet() == 1) {
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled");
            } else {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal");
            }
            return true;
        });
        SocketTransport client = client(Duration.ofSeconds(5), 0);
        assertEquals("ok", body(client.send(HttpRequest.get(uri))));
        assertEquals("real", body(client.send(HttpRequest.get(uri))));
        assertEquals(2, connections.get(), "the connection with unasked-for bytes is not reused");
    }

    @Test
    void aHeadDrippedAByteAtATimeIsBoundedToo() throws IOException {
        URI uri = serve((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nX-Slow: ");
            while (true) {
                write(out, "x");
                out.flush();
                Thread.sleep(50);
            }
        });
        SocketTransport client = client(Duration.ofMillis(500), 1000);
        java.net.SocketTimeoutException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(java.net.SocketTimeoutException.class, () -> client.send(HttpRequest.get(uri))));
        assertEquals("no answer within 1 s", e.getMessage());
    }
}
