package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestCertificates;
import io.github.blobdownloader.tls.TlsEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS over a socket (its channel or its streams) against a JSSE server scripted per test, through the JDK's
 * engine and BoringSSL's:
 * bytes in order through small and large reads, a key update in the middle of a body, both ways of ending, a
 * silent server, and a server that hangs up during the handshake.
 */
class TlsOverSocketTest {

    /**
     * The engine and wire pairs production uses: the JDK's TLS over streams, BoringSSL over streams (a SOCKS
     * socket) and over a channel.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0} engine, {1}")
    @CsvSource({"jdk, stream", "native, stream", "native, channel"})
    private @interface EngineAndWire {}

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static SSLContext server;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.newCa(dir.resolve("ca"));
        server = ca.serverContext(ca.issue("127.0.0.1"));
    }

    @FunctionalInterface
    private interface Script<S extends Socket> {
        void serve(S socket) throws Exception;
    }

    /** A server that accepts one connection and runs {@code script} on it, on its own thread. */
    private record Server(java.net.ServerSocket listening, CompletableFuture<Void> done) implements AutoCloseable {

        /** Speaking TLS with the test CA's certificate. */
        static Server start(Script<SSLSocket> script) throws IOException {
            return serve(server.getServerSocketFactory().createServerSocket(), s -> script.serve((SSLSocket) s));
        }

        /** Not speaking TLS: the script writes what a broken server would. */
        static Server plain(Script<Socket> script) throws IOException {
            return serve(new java.net.ServerSocket(), script);
        }

        private static Server serve(java.net.ServerSocket listening, Script<Socket> script) throws IOException {
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try (Socket s = listening.accept()) {
                    s.setSoTimeout(10_000);
                    script.serve(s);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return new Server(listening, done);
        }

        int port() {
            return listening.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listening.close();
        }
    }

    private static SSLContext client(String engine) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca.caPem())) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TlsEngine tls = engine.equals("native")
                ? TlsEngine.of(TlsEngine.Choice.NATIVE, dir.resolve("native"))
                : TlsEngine.jdk();
        return tls.context(TlsEngine.trustManager(store));
    }

    /** A server that completes the handshake and then sends nothing until {@code release}. */
    private static Server silentUntil(CompletableFuture<Void> release) throws IOException {
        return Server.start(socket -> {
            socket.startHandshake();
            release.get(10, TimeUnit.SECONDS);
        });
    }

    private static TlsOverSocket connect(String engine, String wire, int port) throws Exception {
        return connect(engine, plainTo(wire, port));
    }

    private static TlsOverSocket connect(String engine, Socket plain) throws Exception {
        TlsOverSocket tls = beforeHandshake(engine, plain);
        tls.handshake(Duration.ofSeconds(10));
        return tls;
    }

    /** The client over {@code plain}, its handshake not yet begun. */
    private static TlsOverSocket beforeHandshake(String engine, Socket plain) throws Exception {
        return new TlsOverSocket(
                plain, client(engine).createSSLEngine("127.0.0.1", plain.getPort()), plain.getChannel() != null);
    }

    /** A socket of the kind {@code wire} names: with a channel (direct buffers) or without (streams). */
    private static Socket plainTo(String wire, int port) throws IOException {
        Socket plain = wire.equals("channel") ? SocketChannel.open().socket() : new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(5000);
        return plain;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    @EngineAndWire
    void bytesArriveInOrderThroughLargeAndSmallReadsAcrossAKeyUpdate(String engine, String wire) throws Exception {
        byte[] first = random(3 << 20, 1);
        byte[] second = random((1 << 20) + 12345, 2);
        try (Server s = Server.start(socket -> {
            byte[] request = new byte[5];
            new java.io.DataInputStream(socket.getInputStream()).readFully(request);
            assertEquals("hello", new String(request, StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(first);
            out.flush();
            socket.startHandshake(); // TLS 1.3: a key update in the middle of the stream
            out.write(second);
            out.flush();
            socket.close(); // close_notify
        })) {
            TlsOverSocket tls = connect(engine, wire, s.port());
            assertEquals("TLSv1.3", tls.session().getProtocol());
            tls.output().write("hello".getBytes(StandardCharsets.US_ASCII));
            tls.output().flush();
            InputStream in = tls.input();
            byte[] head = new byte[1000];
            int got = 0;
            while (got < head.length) {
                got += in.read(head, got, head.length - got); // small reads, below a record
            }
            byte[] rest = readAll(in, 1 << 20); // large reads, straight into the buffer
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(head);
            whole.write(rest);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(first);
            expected.write(second);
            assertArrayEquals(expected.toByteArray(), whole.toByteArray());
            assertEquals(-1, in.read(new byte[10], 0, 10), "the end stays the end");
            tls.close();
            s.done().get(10, TimeUnit.SECONDS);
        }
    }

    @EngineAndWire
    void aServerThatStopsWithoutCloseNotifyEndsTheStream(String engine, String wire) throws Exception {
        byte[] body = random(100_000, 3);
        try (Server s = Server.start(socket -> {
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            // no close_notify: the TCP connection alone ends
            socket.shutdownOutput();
            Thread.sleep(200);
        })) {
            TlsOverSocket tls = connect(engine, wire, s.port());
            assertArrayEquals(body, readAll(tls.input(), 64 * 1024));
            tls.close();
            s.done().get(10, TimeUnit.SECONDS);
        }
    }

    @EngineAndWire
    void closingSendsCloseNotifyTheServerReadsAsTheEnd(String engine, String wire) throws Exception {
        CompletableFuture<Integer> serverRead = new CompletableFuture<>();
        try (Server s = Server.start(socket -> {
            serverRead.complete(socket.getInputStream().read());
        })) {
            TlsOverSocket tls = connect(engine, wire, s.port());
            tls.close();
            assertEquals(-1, serverRead.get(10, TimeUnit.SECONDS));
        }
    }

    @EngineAndWire
    void aSilentServerHitsTheSocketsReadTimeout(String engine, String wire) throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (Server s = silentUntil(release)) {
            Socket plain = plainTo(wire, s.port());
            TlsOverSocket tls = connect(engine, plain);
            long start = System.nanoTime();
            // Connection sets the timeout on the plain socket; the TLS reads wait on it
            plain.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> tls.input().read(new byte[100], 0, 100));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            release.complete(null);
            tls.close();
        }
    }

    @EngineAndWire
    void closingFromAnotherThreadEndsAReadWaitingForTheServer(String engine, String wire) throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (Server s = silentUntil(release)) {
            TlsOverSocket tls = connect(engine, wire, s.port());
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    tls.input().read(new byte[100], 0, 100);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            long start = System.nanoTime();
            tls.close();
            Throwable ended = reader.get(3, TimeUnit.SECONDS);
            assertTrue(ended instanceof IOException, String.valueOf(ended));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            release.complete(null);
        }
    }

    @EngineAndWire
    void aTls12RenegotiationInTheMiddleOfABodyIsAnswered(String engine, String wire) throws Exception {
        byte[] half = random(50_000, 4);
        try (Server s = Server.start(socket -> {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            Thread drain = new Thread(() -> {
                try {
                    while (socket.getInputStream().read() >= 0) {
                        // the renegotiation's messages are read here
                    }
                } catch (IOException ignored) {
                    // the client closed
                }
            });
            drain.setDaemon(true);
            drain.start();
            socket.getOutputStream().write(half);
            socket.getOutputStream().flush();
            java.util.concurrent.CountDownLatch renegotiated = new java.util.concurrent.CountDownLatch(1);
            socket.addHandshakeCompletedListener(e -> renegotiated.countDown());
            socket.startHandshake();
            assertTrue(renegotiated.await(5, TimeUnit.SECONDS), "the client answered the renegotiation");
            socket.getOutputStream().write(half);
            socket.getOutputStream().flush();
            socket.close();
        })) {
            TlsOverSocket tls = connect(engine, wire, s.port());
            assertEquals("TLSv1.2", tls.session().getProtocol());
            byte[] got = readAll(tls.input(), 1 << 20);
            assertEquals(2 * half.length, got.length);
            assertArrayEquals(half, java.util.Arrays.copyOfRange(got, half.length, got.length));
            tls.close();
            s.done().get(10, TimeUnit.SECONDS);
        }
    }

    @EngineAndWire
    void closeNotifyEndsTheStreamWhileTheConnectionStaysOpen(String engine, String wire) throws Exception {
        byte[] body = random(100_000, 5);
        try (Server s = Server.start(socket -> {
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                    socket.close(); // close_notify, then the TCP end the relay holds back
                });
                java.net.ServerSocket relay = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> relaying = CompletableFuture.runAsync(() -> relayWithoutTheEnd(relay, s.port()));
            long start = System.nanoTime();
            TlsOverSocket tls = connect(engine, wire, relay.getLocalPort());
            assertArrayEquals(body, readAll(tls.input(), 1 << 20));
            assertTrue(
                    System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3),
                    "the end came with close_notify, not with the read timeout");
            tls.close();
            relaying.get(10, TimeUnit.SECONDS);
        }
    }

    /** Passes bytes both ways between one client and the server, but never closes the client's side. */
    private static void relayWithoutTheEnd(java.net.ServerSocket relay, int serverPort) {
        try (Socket client = relay.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
            CompletableFuture<Void> up = CompletableFuture.runAsync(() -> {
                try {
                    client.getInputStream().transferTo(server.getOutputStream());
                } catch (IOException ignored) {
                    // either side went away
                }
            });
            server.getInputStream().transferTo(client.getOutputStream());
            client.getOutputStream().flush();
            up.get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the test's own assertions tell what went wrong
        }
    }

    @EngineAndWire
    void bytesThatArriveOnAnIdleConnectionAreNoticedAndAKeyUpdateIsNot(String engine, String wire) throws Exception {
        CompletableFuture<Void> updateKeys = new CompletableFuture<>();
        CompletableFuture<Void> sendMore = new CompletableFuture<>();
        try (Server s = Server.start(socket -> {
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            updateKeys.get(10, TimeUnit.SECONDS);
            socket.startHandshake(); // TLS 1.3: a key update while the connection is idle
            sendMore.get(10, TimeUnit.SECONDS);
            socket.getOutputStream().write("unasked".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(2000);
        })) {
            TlsOverSocket tls = connect(engine, wire, s.port());
            byte[] hello = new byte[5];
            int got = 0;
            while (got < 5) {
                got += tls.input().read(hello, got, 5 - got);
            }
            updateKeys.complete(null);
            Thread.sleep(300); // the key update arrives
            assertFalse(tls.somethingArrived(), "a key update is no answer");
            assertFalse(tls.somethingArrived(), "and it was taken in");
            sendMore.complete(null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            boolean noticed = false;
            while (!noticed && System.nanoTime() < deadline) {
                Thread.sleep(20);
                noticed = tls.somethingArrived();
            }
            assertTrue(noticed, "bytes nobody asked for are noticed");
            byte[] unasked = new byte[7];
            got = 0;
            while (got < 7) {
                got += tls.input().read(unasked, got, 7 - got);
            }
            assertEquals("unasked", new String(unasked, StandardCharsets.US_ASCII), "and still readable in order");
            tls.close();
        }
    }

    @EngineAndWire
    void aReadAfterATimeoutStillReadsTheRightBytes(String engine, String wire) throws Exception {
        CompletableFuture<Void> send = new CompletableFuture<>();
        byte[] body = random(40_000, 6);
        try (Server s = Server.start(socket -> {
            socket.startHandshake();
            send.get(10, TimeUnit.SECONDS);
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.close();
        })) {
            Socket plain = plainTo(wire, s.port());
            TlsOverSocket tls = connect(engine, plain);
            plain.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> tls.input().read(new byte[100], 0, 100));
            plain.setSoTimeout(5000);
            send.complete(null);
            assertArrayEquals(body, readAll(tls.input(), 1 << 20));
            tls.close();
        }
    }

    @EngineAndWire
    void aServerDrippingItsHandshakeIsNotWaitedForLongerThanTheHandshakeMay(String engine, String wire)
            throws Exception {
        try (Server dripping = Server.plain(accepted -> {
            try {
                accepted.getInputStream().read(new byte[4096]);
                OutputStream out = accepted.getOutputStream();
                // a handshake record of 16 KiB announced, then a byte every 100 ms: each read gets one in time
                out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
                for (int i = 0; i < 100; i++) {
                    out.write(2);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException ignored) {
                // the client gave up, as it should
            }
        })) {
            Socket plain = plainTo(wire, dripping.port());
            TlsOverSocket tls = beforeHandshake(engine, plain);
            long start = System.nanoTime();
            SocketTimeoutException e =
                    assertThrows(SocketTimeoutException.class, () -> tls.handshake(Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("handshake took longer than 1 s"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "bounded by the handshake's limit");
            tls.close();
            dripping.done().get(15, TimeUnit.SECONDS);
        }
    }

    @EngineAndWire
    void aServerThatHangsUpDuringTheHandshakeIsALostConnectionWorthAnotherAttempt(String engine, String wire)
            throws Exception {
        try (Server hangingUp = Server.plain(accepted -> {
            try {
                accepted.getInputStream().read(new byte[100]); // part of the ClientHello, then gone
            } catch (IOException ignored) {
                // the client's side is under test
            }
        })) {
            Socket plain = plainTo(wire, hangingUp.port());
            TlsOverSocket tls = beforeHandshake(engine, plain);
            HandshakeHangUpException e =
                    assertThrows(HandshakeHangUpException.class, () -> tls.handshake(Duration.ofSeconds(10)));
            assertTrue(Failures.isTransient(e), e.toString());
            assertFalse(Failures.isCertificateProblem(e), e.toString());
            tls.close();
            hangingUp.done().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A TLS 1.2 server that demands a client certificate says so in an alert and hangs up while the client
     * still writes its flight: the alert is the failure, not the broken write, and it is not retried.
     */
    @EngineAndWire
    void aServerThatRefusesTheClientWithAnAlertSaysWhyEvenWhenOurWriteBreaks(String engine, String wire)
            throws Exception {
        for (int round = 0; round < 5; round++) {
            try (Server refusing = Server.start(socket -> {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setNeedClientAuth(true);
                try {
                    socket.startHandshake();
                } catch (IOException expected) {
                    // no client certificate: the server sends its alert and closes
                }
                socket.setSoLinger(true, 0);
            })) {
                Socket plain = plainTo(wire, refusing.port());
                TlsOverSocket tls = beforeHandshake(engine, plain);
                IOException e = assertThrows(IOException.class, () -> tls.handshake(Duration.ofSeconds(10)));
                assertTrue(e instanceof javax.net.ssl.SSLException, "round " + round + ": " + e);
                assertFalse(Failures.isTransient(e), e.toString());
                tls.close();
            }
        }
    }
}
