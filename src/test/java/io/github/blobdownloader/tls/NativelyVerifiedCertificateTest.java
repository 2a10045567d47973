package io.github.blobdownloader.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
    void boringSslChecksTheSignatureOfAnEcdsaCertificate() throws Exception {
        PublicKey jdkKey = caCertificate.getPublicKey();
        NativelyVerifiedCertificate certificate = checked(server);

        assertEquals("SHA256withECDSA", certificate.boringSslAlgorithm(jdkKey));
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

    /**
     * The JDK keeps a certificate's last verification (outcome and key) and answers the next one with the same key
     * from it: asked through that object, BoringSSL's "no" would become the JDK's, on every later handshake.
     * A PKCS#1 signature whose DigestInfo leaves out the NULL parameters is one the JDK accepts and BoringSSL not.
     */
    @Test
    void whatBoringSslRefusesIsTheJdksToJudgeOnEveryHandshake() throws Exception {
        List<Path> pems = TestCertificates.rsaChain(dir.resolve("no-null"), false);
        X509Certificate root = parse(pems.get(0), null);
        X509Certificate intermediate = parse(pems.get(1), null);
        byte[] resigned =
                withoutDigestInfoNull(parse(pems.get(2), null), pems.get(1).resolveSibling("intermediate.key"));
        X509ExtendedTrustManager jdk = TlsEngine.trustManager(storeOf(root));
        AuthTypeBridge bridge = new AuthTypeBridge(jdk, boringSsl);

        assertFalse(checked(parse(resigned)).verifiedByBoringSsl(intermediate.getPublicKey()));
        for (int handshake = 1; handshake <= 3; handshake++) {
            X509Certificate server = parse(resigned);
            assertDoesNotThrow(
                    () -> bridge.checkServerTrusted(new X509Certificate[] {server, intermediate}, "RSA"),
                    "handshake " + handshake);
        }
        assertDoesNotThrow(() -> jdk.checkServerTrusted(new X509Certificate[] {parse(resigned), intermediate}, "RSA"));
    }

    /**
     * An ECDSA signature whose {@code r} lacks the leading zero DER asks for (a negative INTEGER): the JDK reads it
     * as unsigned and accepts, BoringSSL refuses, so the JDK's providers decide, as without BoringSSL.
     */
    @Test
    void anEcdsaSignatureOnlyTheJdkAcceptsIsAccepted() throws Exception {
        X509Certificate issued = parse(ca.issue("127.0.0.1").certificate(), null);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign((ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(
                        TestCertificates.privateKeyBytes(dir.resolve("ca").resolve("ca.key")))));
        byte[] r;
        byte[] s;
        do {
            signer.update(issued.getTBSCertificate());
            byte[] der = signer.sign();
            int rLength = der[3];
            r = Arrays.copyOfRange(der, 4, 4 + rLength);
            s = Arrays.copyOfRange(der, 4 + rLength + 2, der.length);
        } while (r.length != 33); // r's top bit set: DER puts a zero byte before it
        byte[] signature = der(0x30, concat(der(0x02, Arrays.copyOfRange(r, 1, 33)), der(0x02, s)));
        byte[] ecdsaWithSha256 = HexFormat.of().parseHex("300a06082a8648ce3d040302");
        X509Certificate negativeR = parse(der(
                0x30,
                concat(issued.getTBSCertificate(), ecdsaWithSha256, der(0x03, concat(new byte[] {0}, signature)))));
        X509ExtendedTrustManager jdk = TlsEngine.trustManager(storeOf(caCertificate));

        assertDoesNotThrow(() -> negativeR.verify(caCertificate.getPublicKey()), "the JDK alone");
        assertFalse(checked(negativeR).verifiedByBoringSsl(caCertificate.getPublicKey()));
        for (int handshake = 1; handshake <= 2; handshake++) {
            assertDoesNotThrow(
                    () -> new AuthTypeBridge(jdk, boringSsl)
                            .checkServerTrusted(new X509Certificate[] {negativeR}, "UNKNOWN"),
                    "handshake " + handshake);
        }
    }

    /** One DER element: {@code tag}, its length (short or long form), {@code content}. */
    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80
                ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n} : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, length, content);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The JDK's providers implement no P-224, which its constraints still allow; BoringSSL has it. */
    @Test
    void aCurveTheJdkCannotCheckIsRefusedAsTheJdkRefusesIt() throws Exception {
        TestCertificates p224 = TestCertificates.newCa(dir.resolve("p224"), "secp224r1");
        X509Certificate p224Ca = parse(p224.caPem(), null);
        X509Certificate signedByP224 = parse(p224.issue("127.0.0.1").certificate(), null);
        X509ExtendedTrustManager jdk = TlsEngine.trustManager(storeOf(p224Ca));

        assertNull(checked(signedByP224).boringSslAlgorithm(p224Ca.getPublicKey()));
        assertThrows(
                CertificateException.class, () -> jdk.checkServerTrusted(new X509Certificate[] {signedByP224}, "EC"));
        assertThrows(
                CertificateException.class,
                () -> new AuthTypeBridge(jdk, boringSsl)
                        .checkServerTrusted(new X509Certificate[] {signedByP224}, "EC"));
    }

    private static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** {@code certificate} signed again by {@code keyPem} (PKCS#8), its DigestInfo's NULL parameters left out. */
    private static byte[] withoutDigestInfoNull(X509Certificate certificate, Path keyPem) throws Exception {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(TestCertificates.privateKeyBytes(keyPem)));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getTBSCertificate());
        // SEQUENCE { SEQUENCE { OID sha256 }, OCTET STRING hash }: no NULL after the OID
        byte[] prefix = HexFormat.of().parseHex("302f300b0609608648016503040201" + "0420");
        int k = (key.getModulus().bitLength() + 7) / 8;
        byte[] block = new byte[k];
        block[1] = 1;
        int t = prefix.length + hash.length;
        Arrays.fill(block, 2, k - t - 1, (byte) 0xff);
        System.arraycopy(prefix, 0, block, k - t, prefix.length);
        System.arraycopy(hash, 0, block, k - hash.length, hash.length);
        byte[] value = new BigInteger(1, block)
                .modPow(key.getPrivateExponent(), key.getModulus())
                .toByteArray();
        byte[] signature = new byte[k];
        int n = Math.min(k, value.length);
        System.arraycopy(value, value.length - n, signature, k - n, n);
        byte[] der = certificate.getEncoded();
        // the signature's BIT STRING ends the certificate, and keeps its length
        System.arraycopy(signature, 0, der, der.length - k, k);
        return der;
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
