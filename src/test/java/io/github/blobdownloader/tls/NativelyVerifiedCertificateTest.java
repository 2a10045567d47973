package io.github.blobdownloader.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server certificates as BoringSSL's handshake hands them to the trust manager (parsed by the JDK's certificate
 * factory, Conscrypt's own where the JDK has none), checked for real: BoringSSL checks the signatures, the JDK
 * what BoringSSL cannot, and the JDK's trust manager the rest.
 */
class NativelyVerifiedCertificateTest {

    @TempDir
    static Path dir;

    private static Provider boringSsl;
    private static TestCertificates ca;
    private static X509Certificate caCertificate;
    private static X509Certificate server;
    private static X509Certificate parsedByConscrypt;
    private static X509Certificate expired;

    @BeforeAll
    static void makeCertificates() throws Exception {
        NativeTls.Outcome outcome = NativeTls.load(dir.resolve("native"));
        boringSsl = outcome.provider();
        assertNotNull(boringSsl, String.valueOf(outcome.failure()));
        ca = TestCertificates.newCa(dir.resolve("ca"));
        caCertificate = parse(ca.caPem(), null);
        Path issued = ca.issue("127.0.0.1").certificate();
        server = parse(issued, null);
        parsedByConscrypt = parse(issued, boringSsl);
        expired = parse(ca.issueExpired("127.0.0.1").certificate(), null);
    }

    private static X509Certificate parse(Path pem, Provider provider) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            CertificateFactory factory = provider == null
                    ? CertificateFactory.getInstance("X.509")
                    : CertificateFactory.getInstance("X.509", provider);
            return (X509Certificate) factory.generateCertificate(in);
        }
    }

    private static NativelyVerifiedCertificate checked(X509Certificate certificate) {
        return new NativelyVerifiedCertificate(certificate, boringSsl);
    }

    @Test
    void boringSslChecksTheSignatureWithTheIssuersKeyMadeIntoOneOfItsOwn() throws Exception {
        PublicKey jdkKey = caCertificate.getPublicKey();
        NativelyVerifiedCertificate certificate = checked(server);

        assertSame(
                boringSsl.getClass().getClassLoader(),
                certificate.inBoringSsl(jdkKey).getClass().getClassLoader());
        assertTrue(certificate.verifiedByBoringSsl(jdkKey));
        assertDoesNotThrow(() -> certificate.verify(jdkKey));
        assertDoesNotThrow(() -> certificate.verify(jdkKey, (String) null));
    }

    @Test
    void aCertificateConscryptParsedIsCheckedByBoringSslToo() {
        PublicKey jdkKey = caCertificate.getPublicKey();

        assertTrue(checked(parsedByConscrypt).verifiedByBoringSsl(jdkKey));
        assertEquals(server, checked(parsedByConscrypt));
    }

    @Test
    void aKeyThatDidNotSignItIsRefusedByBothAndTheJdkSaysWhy() throws Exception {
        PublicKey otherKey = parse(TestCertificates.newCa(dir.resolve("other")).caPem(), null)
                .getPublicKey();
        NativelyVerifiedCertificate certificate = checked(server);

        assertFalse(certificate.verifiedByBoringSsl(otherKey));
        assertThrows(SignatureException.class, () -> certificate.verify(otherKey));
        assertFalse(checked(server).verifiedByBoringSsl(server.getPublicKey()), "signed by itself");
    }

    @Test
    void whatBoringSslCannotCheckTheJdkChecks() throws Exception {
        // Conscrypt has no Ed448; the JDK has.
        X509Certificate ed448 = parse(TestCertificates.selfSigned(dir.resolve("ed448"), "ed448"), null);
        NativelyVerifiedCertificate certificate = checked(ed448);

        assertFalse(certificate.verifiedByBoringSsl(ed448.getPublicKey()));
        assertDoesNotThrow(() -> certificate.verify(ed448.getPublicKey()));
    }

    @Test
    void aProviderTheCallerNamesIsUsedAsItIs() {
        NativelyVerifiedCertificate certificate = checked(server);

        assertThrows(
                java.security.NoSuchProviderException.class,
                () -> certificate.verify(caCertificate.getPublicKey(), "NoSuchProvider"));
        assertDoesNotThrow(() -> certificate.verify(caCertificate.getPublicKey(), boringSsl));
    }

    @Test
    void itAnswersAsTheCertificateItWraps() throws Exception {
        NativelyVerifiedCertificate certificate = checked(server);

        assertEquals(server, certificate);
        assertEquals(certificate, server);
        assertEquals(server.hashCode(), certificate.hashCode());
        assertArrayEquals(server.getEncoded(), certificate.getEncoded());
        assertEquals(server.getSubjectX500Principal(), certificate.getSubjectX500Principal());
        assertEquals(server.getIssuerX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(
                List.copyOf(server.getSubjectAlternativeNames()),
                List.copyOf(certificate.getSubjectAlternativeNames()));
        assertEquals(server.getExtendedKeyUsage(), certificate.getExtendedKeyUsage());
        assertEquals(server.getBasicConstraints(), certificate.getBasicConstraints());
        assertEquals(server.getNotAfter(), certificate.getNotAfter());
        assertEquals(server.getSigAlgName(), certificate.getSigAlgName());
        assertEquals(server.getCriticalExtensionOIDs(), certificate.getCriticalExtensionOIDs());
        assertEquals(server.getPublicKey(), certificate.getPublicKey());
    }

    @Test
    void theJdksTrustManagerChecksAChainWhoseSignaturesBoringSslChecked() throws Exception {
        Recording jdk = new Recording(TlsEngine.trustManager(storeOf(caCertificate)));
        AuthTypeBridge bridge = new AuthTypeBridge(jdk, boringSsl);

        bridge.checkServerTrusted(new X509Certificate[] {server}, "GENERIC");

        assertEquals(1, jdk.chains.size());
        assertTrue(
                jdk.chains.get(0)[0] instanceof NativelyVerifiedCertificate,
                jdk.chains.get(0)[0].getClass().getName());
        assertEquals(server, jdk.chains.get(0)[0]);
    }

    @Test
    void theJdksTrustManagerStillRefusesWhatItRefused() throws Exception {
        AuthTypeBridge bridge = new AuthTypeBridge(TlsEngine.trustManager(storeOf(caCertificate)), boringSsl);
        AuthTypeBridge otherCa = new AuthTypeBridge(
                TlsEngine.trustManager(storeOf(
                        parse(TestCertificates.newCa(dir.resolve("third")).caPem(), null))),
                boringSsl);

        CertificateException expiredRefused = assertThrows(
                CertificateException.class,
                () -> bridge.checkServerTrusted(new X509Certificate[] {expired}, "GENERIC"));
        CertificateException unknownRefused = assertThrows(
                CertificateException.class,
                () -> otherCa.checkServerTrusted(new X509Certificate[] {server}, "GENERIC"));

        assertTrue(
                String.valueOf(expiredRefused.getMessage()).contains("validity check failed"),
                expiredRefused::toString);
        assertTrue(String.valueOf(unknownRefused.getMessage()).contains("PKIX path"), unknownRefused::toString);
    }

    /** As public registries serve it: RSA, an intermediate CA, the root only in the trust store. */
    @ParameterizedTest(name = "RSASSA-PSS server signature: {0}")
    @ValueSource(booleans = {false, true})
    void anRsaChainThroughAnIntermediateIsTrustedWithItsSignaturesCheckedByBoringSsl(boolean pss) throws Exception {
        List<Path> pems = TestCertificates.rsaChain(dir.resolve("rsa-" + pss), pss);
        X509Certificate root = parse(pems.get(0), null);
        X509Certificate intermediate = parse(pems.get(1), null);
        X509Certificate rsaServer = parse(pems.get(2), null);
        Recording jdk = new Recording(TlsEngine.trustManager(storeOf(root)));

        new AuthTypeBridge(jdk, boringSsl).checkServerTrusted(new X509Certificate[] {rsaServer, intermediate}, "RSA");

        assertTrue(checked(intermediate).verifiedByBoringSsl(root.getPublicKey()));
        assertEquals(!pss, checked(rsaServer).verifiedByBoringSsl(intermediate.getPublicKey()), "PSS falls to the JDK");
        assertTrue(jdk.chains.get(0)[1] instanceof NativelyVerifiedCertificate);
        CertificateException wrongRoot = assertThrows(
                CertificateException.class,
                () -> new AuthTypeBridge(TlsEngine.trustManager(storeOf(caCertificate)), boringSsl)
                        .checkServerTrusted(new X509Certificate[] {rsaServer, intermediate}, "RSA"));
        assertTrue(String.valueOf(wrongRoot.getMessage()).contains("PKIX path"), wrongRoot::toString);
    }

    private static KeyStore storeOf(X509Certificate caCertificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", caCertificate);
        return store;
    }

    /** The JDK's trust manager, keeping the chains it was asked about. */
    private static final class Recording extends ClientSideTrustManager {
        private final X509ExtendedTrustManager jdk;
        final List<X509Certificate[]> chains = new ArrayList<>();

        Recording(X509ExtendedTrustManager jdk) {
            this.jdk = jdk;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            chains.add(chain);
            jdk.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            chains.add(chain);
            jdk.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            chains.add(chain);
            jdk.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }
}
