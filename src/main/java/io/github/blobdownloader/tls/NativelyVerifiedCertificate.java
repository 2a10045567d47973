package io.github.blobdownloader.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A server's certificate as the JDK's path checker sees it under BoringSSL: everything is the certificate's own,
 * except that BoringSSL checks the signatures. The JDK's checker verifies each one through the JVM's providers,
 * in Java: in a short build the P-256 or RSA arithmetic runs as bytecode and then keeps the JIT's single C2
 * thread compiling it, for a check BoringSSL does in microseconds. A signature BoringSSL does not check (an
 * algorithm or key type it lacks, or a signature it refuses) goes to the JDK's providers as before, so nothing
 * the JDK refuses is trusted; the rest of the check (names, dates, constraints, key usage) stays the JDK's.
 */
final class NativelyVerifiedCertificate extends X509Certificate {

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

    /** Whether BoringSSL finds this certificate signed by {@code key}; {@code false} also when it cannot tell. */
    boolean verifiedByBoringSsl(PublicKey key) {
        try {
            certificate.verify(inBoringSsl(key), boringSsl);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * {@code key} as BoringSSL holds it: a certificate Conscrypt parsed checks its signature in BoringSSL only
     * with a key of Conscrypt's (one the JDK parsed asks the provider for a signature, which takes either).
     */
    PublicKey inBoringSsl(PublicKey key) throws GeneralSecurityException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"X.509".equals(key.getFormat())) {
            throw new InvalidKeyException("no X.509 encoding of the " + key.getAlgorithm() + " key");
        }
        return KeyFactory.getInstance(key.getAlgorithm(), boringSsl).generatePublic(new X509EncodedKeySpec(encoded));
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
