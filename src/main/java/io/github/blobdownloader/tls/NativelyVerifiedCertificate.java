package io.github.blobdownloader.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A server's certificate as the JDK's path checker sees it under BoringSSL: everything is the certificate's own,
 * except that BoringSSL checks the signatures the JDK's providers would check the same way. The JDK's checker
 * verifies each one through the JVM's providers, in Java: in a short build the P-256 or RSA arithmetic runs as
 * bytecode and then keeps the JIT's single C2 thread compiling it, for a check BoringSSL does in microseconds.
 * Any other signature (an algorithm, curve or parameters outside that list), and any signature BoringSSL
 * refuses, goes to the JDK's providers as before: BoringSSL only ever spares the JDK a check it would have
 * passed. The rest of the check (names, dates, constraints, key usage) stays the JDK's.
 */
final class NativelyVerifiedCertificate extends X509Certificate {

    private static final Map<String, String> SIGNATURES = Map.of(
            "1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA",
            "1.2.840.10045.4.3.2", "SHA256withECDSA",
            "1.2.840.10045.4.3.3", "SHA384withECDSA",
            "1.2.840.10045.4.3.4", "SHA512withECDSA");
    private static final byte[] DER_NULL = {0x05, 0x00};
    /** SubjectPublicKeyInfo up to the point's first byte (0x04: uncompressed) for P-256, P-384 and P-521. */
    private static final List<byte[]> NIST_CURVE_KEYS = List.of(
            HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200" + "04"),
            HexFormat.of().parseHex("3076301006072a8648ce3d020106052b81040022036200" + "04"),
            HexFormat.of().parseHex("30819b301006072a8648ce3d020106052b8104002303818600" + "04"));

    private final X509Certificate certificate;
    private final Provider boringSsl;

    NativelyVerifiedCertificate(X509Certificate certificate, Provider boringSsl) {
        this.certificate = certificate;
        this.boringSsl = boringSsl;
    }

    /** The chain, each certificate's signatures checked by {@code boringSsl}. */
    static X509Certificate[] chain(X509Certificate[] chain, Provider boringSsl) {
        X509Certificate[] checked = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            checked[i] = new NativelyVerifiedCertificate(chain[i], boringSsl);
        }
        return checked;
    }

    /**
     * Whether BoringSSL finds this certificate signed by {@code key}; {@code false} also when it cannot tell, or
     * should not be asked. The certificate object itself is not asked: the JDK's keeps the last verification's
     * outcome and key, and would answer the JDK's own check from what BoringSSL said.
     */
    boolean verifiedByBoringSsl(PublicKey key) {
        String algorithm = boringSslAlgorithm(key);
        if (algorithm == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(algorithm, boringSsl);
            signature.initVerify(key);
            signature.update(certificate.getTBSCertificate());
            return signature.verify(certificate.getSignature());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * BoringSSL's name for this certificate's signature algorithm if BoringSSL is to check it with {@code key}:
     * only what the JDK's providers check as well (PKCS#1 RSA and ECDSA on the NIST curves the JDK implements,
     * with SHA-2 and no parameters), so that BoringSSL never accepts what the JDK would refuse; else
     * {@code null}.
     */
    String boringSslAlgorithm(PublicKey key) {
        String algorithm = SIGNATURES.get(certificate.getSigAlgOID());
        byte[] encodedKey = key.getEncoded();
        if (algorithm == null || encodedKey == null || !"X.509".equals(key.getFormat())) {
            return null;
        }
        byte[] parameters = certificate.getSigAlgParams();
        if (algorithm.endsWith("RSA")) {
            boolean noParameters = parameters == null || Arrays.equals(parameters, DER_NULL);
            return noParameters && key instanceof RSAPublicKey && "RSA".equals(key.getAlgorithm()) ? algorithm : null;
        }
        return parameters == null && key instanceof ECPublicKey && onTheJdksCurves(encodedKey) ? algorithm : null;
    }

    /** Whether an EC key's X.509 encoding names P-256, P-384 or P-521 and holds an uncompressed point. */
    private static boolean onTheJdksCurves(byte[] encodedKey) {
        for (byte[] prefix : NIST_CURVE_KEYS) {
            if (encodedKey.length > prefix.length
                    && Arrays.equals(encodedKey, 0, prefix.length, prefix, 0, prefix.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void verify(PublicKey key, String sigProvider)
            throws CertificateException, NoSuchAlgorithmException, InvalidKeyException, NoSuchProviderException,
                    SignatureException {
        // A provider the caller names is its choice; otherwise BoringSSL first, and the JDK's for what it refuses.
        if (sigProvider == null && verifiedByBoringSsl(key)) {
            return;
        }
        certificate.verify(key, sigProvider);
    }

    @Override
    public void verify(PublicKey key)
            throws CertificateException, NoSuchAlgorithmException, InvalidKeyException, NoSuchProviderException,
                    SignatureException {
        verify(key, (String) null);
    }

    @Override
    public void verify(PublicKey key, Provider sigProvider)
            throws CertificateException, NoSuchAlgorithmException, InvalidKeyException, SignatureException {
        certificate.verify(key, sigProvider);
    }

    @Override
    public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
        certificate.checkValidity();
    }

    @Override
    public void checkValidity(Date date) throws CertificateExpiredException, CertificateNotYetValidException {
        certificate.checkValidity(date);
    }

    @Override
    public int getVersion() {
        return certificate.getVersion();
    }

    @Override
    public BigInteger getSerialNumber() {
        return certificate.getSerialNumber();
    }

    @Override
    @SuppressWarnings("deprecation") // part of the type; the JDK's checker may still ask
    public Principal getIssuerDN() {
        return certificate.getIssuerDN();
    }

    @Override
    @SuppressWarnings("deprecation") // part of the type; the JDK's checker may still ask
    public Principal getSubjectDN() {
        return certificate.getSubjectDN();
    }

    @Override
    public X500Principal getIssuerX500Principal() {
        return certificate.getIssuerX500Principal();
    }

    @Override
    public X500Principal getSubjectX500Principal() {
        return certificate.getSubjectX500Principal();
    }

    @Override
    public Date getNotBefore() {
        return certificate.getNotBefore();
    }

    @Override
    public Date getNotAfter() {
        return certificate.getNotAfter();
    }

    @Override
    public byte[] getTBSCertificate() throws CertificateEncodingException {
        return certificate.getTBSCertificate();
    }

    @Override
    public byte[] getSignature() {
        return certificate.getSignature();
    }

    @Override
    public String getSigAlgName() {
        return certificate.getSigAlgName();
    }

    @Override
    public String getSigAlgOID() {
        return certificate.getSigAlgOID();
    }

    @Override
    public byte[] getSigAlgParams() {
        return certificate.getSigAlgParams();
    }

    @Override
    public boolean[] getIssuerUniqueID() {
        return certificate.getIssuerUniqueID();
    }

    @Override
    public boolean[] getSubjectUniqueID() {
        return certificate.getSubjectUniqueID();
    }

    @Override
    public boolean[] getKeyUsage() {
        return certificate.getKeyUsage();
    }

    @Override
    public List<String> getExtendedKeyUsage() throws CertificateParsingException {
        return certificate.getExtendedKeyUsage();
    }

    @Override
    public int getBasicConstraints() {
        return certificate.getBasicConstraints();
    }

    @Override
    public Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
        return certificate.getSubjectAlternativeNames();
    }

    @Override
    public Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
        return certificate.getIssuerAlternativeNames();
    }

    @Override
    public byte[] getEncoded() throws CertificateEncodingException {
        return certificate.getEncoded();
    }

    @Override
    public PublicKey getPublicKey() {
        return certificate.getPublicKey();
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return certificate.hasUnsupportedCriticalExtension();
    }

    @Override
    public Set<String> getCriticalExtensionOIDs() {
        return certificate.getCriticalExtensionOIDs();
    }

    @Override
    public Set<String> getNonCriticalExtensionOIDs() {
        return certificate.getNonCriticalExtensionOIDs();
    }

    @Override
    public byte[] getExtensionValue(String oid) {
        return certificate.getExtensionValue(oid);
    }

    @Override
    public String toString() {
        return certificate.toString();
    }
}
