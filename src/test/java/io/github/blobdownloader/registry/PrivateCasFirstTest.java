package io.github.blobdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes against servers signed by the private CA, by a stand-in for the JDK's CAs, and by a
 * CA neither knows; host names are checked by whichever CA vouches for the chain.
 */
class PrivateCasFirstTest {

    @TempDir
    static Path dir;

    private static TestCertificates privateCa;
    private static TestCertificates publicCa;
    private static TestCertificates unknownCa;

    @BeforeAll
    static void cas() {
        privateCa = TestCertificates.newCa(dir.resolve("private"));
        publicCa = TestCertificates.newCa(dir.resolve("public"));
        unknownCa = TestCertificates.newCa(dir.resolve("unknown"));
    }

    private static X509ExtendedTrustManager trusting(TestCertificates ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca.caPem())) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }

    /** Handshakes with a server presenting {@code issued}, as a client that expects the host {@code host}. */
    private static void handshake(
            TestCertificates.Issued issued, TestCertificates serverCa, String host, TrustManager trust)
            throws Exception {
        SSLContext server = serverCa.serverContext(issued);
        try (SSLServerSocket listening =
                (SSLServerSocket) server.getServerSocketFactory().createServerSocket()) {
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread accept = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                } catch (IOException ignored) {
                    // the client's refusal ends the handshake here too
                }
            });
            accept.start();
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {trust}, null);
            try (SSLSocket socket =
                    (SSLSocket) client.getSocketFactory().createSocket(host, listening.getLocalPort())) {
                socket.setSoTimeout(5000);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
            } finally {
                accept.join(5000);
            }
        }
    }

    private static TrustManager privateThenPublic() throws Exception {
        X509ExtendedTrustManager fallback = trusting(publicCa);
        return new PrivateCasFirst(trusting(privateCa), () -> fallback);
    }

    private static Supplier<X509ExtendedTrustManager> counted(X509ExtendedTrustManager manager, AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            return manager;
        };
    }

    @Test
    void aPrivateRegistryIsTrustedWithoutEverLoadingTheJdkCas() throws Exception {
        AtomicInteger jdkLoads = new AtomicInteger();
        handshake(
                privateCa.issue("localhost"),
                privateCa,
                "localhost",
                new PrivateCasFirst(trusting(privateCa), counted(trusting(publicCa), jdkLoads)));
        assertEquals(0, jdkLoads.get());
    }

    @Test
    void aPubliclySignedRegistryIsStillTrustedThroughTheJdkCas() throws Exception {
        AtomicInteger jdkLoads = new AtomicInteger();
        handshake(
                publicCa.issue("localhost"),
                publicCa,
                "localhost",
                new PrivateCasFirst(trusting(privateCa), counted(trusting(publicCa), jdkLoads)));
        assertEquals(1, jdkLoads.get());
    }

    @Test
    void aCertificateNoCaKnowsIsRefused() throws Exception {
        TrustManager trust = privateThenPublic();
        SSLHandshakeException e = assertThrows(
                SSLHandshakeException.class,
                () -> handshake(unknownCa.issue("localhost"), unknownCa, "localhost", trust));
        assertTrue(String.valueOf(e.getMessage()).contains("PKIX path building failed"), e.getMessage());
    }

    @Test
    void aWrongHostNameOnAPrivateCertificateIsReportedAsSuchNotAsAnUnknownIssuer() throws Exception {
        TrustManager trust = privateThenPublic();
        SSLHandshakeException e = assertThrows(
                SSLHandshakeException.class,
                () -> handshake(privateCa.issue("registry.example.com"), privateCa, "localhost", trust));
        assertTrue(String.valueOf(e.getMessage()).contains("DNS name matching localhost"), e.getMessage());
    }
}
