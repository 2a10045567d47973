package io.github.blobdownloader.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.http.Failures;
import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.SocketTransport;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.registry.CaCertificates;
import io.github.blobdownloader.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server the JDK's TLS still talks to and BoringSSL does not (TLS 1.2 with a CBC-SHA256 suite only, which no
 * registry we know of offers, so an in-process server): the failure says to try {@code tlsEngine=jdk}, in one
 * line without BoringSSL's native pointers and build paths.
 */
class BoringSslRefusalTest {

    private static final String OLD_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";

    @TempDir
    Path dir;

    private TestCertificates ca;
    private SSLServerSocket server;

    @BeforeEach
    void start() throws IOException {
        ca = TestCertificates.newCa(dir.resolve("ca"));
        SSLContext context = ca.serverContext(ca.issue("127.0.0.1"));
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.2"});
        server.setEnabledCipherSuites(new String[] {OLD_SUITE});
        Thread accept = new Thread(this::serve, "old-tls-server");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the request's head
                }
                s.getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
            } catch (IOException e) {
                // a refused handshake, or the server closing
            }
        }
    }

    private int send(TlsEngine engine) throws IOException {
        SocketTransport transport = new SocketTransport(
                TransferLimits.of(Duration.ofSeconds(5), 0),
                () -> CaCertificates.sslContext(List.of(ca.caPem()), engine),
                ProxySettings.jvmDefaults());
        try (HttpResponse r = transport.send(HttpRequest.get(uri()))) {
            return r.statusCode();
        }
    }

    private URI uri() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort() + "/v2/");
    }

    @Test
    void theJdksTlsTalksToIt() throws IOException {
        assertEquals(200, send(TlsEngine.jdk()));
    }

    @Test
    void boringSslRefusesItAndTheLineSaysToTryTheJdksTls() {
        IOException e = assertThrows(
                IOException.class, () -> send(TlsEngine.of(TlsEngine.Choice.NATIVE, dir.resolve("native"))));
        String host = "127.0.0.1:" + server.getLocalPort();
        String line = Failures.explain(host, e, Duration.ofSeconds(5));
        assertTrue(line.startsWith("TLS with " + host + " failed (BoringSSL: "), line);
        assertTrue(line.contains("if the JDK's TLS can talk to it set ⟨tlsEngine=jdk⟩"), line);
        assertTrue(!line.contains("0x") && !line.contains(".cc:") && !line.contains("\n"), line);
    }
}
