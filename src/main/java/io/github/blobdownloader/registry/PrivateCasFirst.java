package io.github.blobdownloader.registry;

import io.github.blobdownloader.tls.ClientSideTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts what the {@code caCertificates} trust, else what the JDK's CAs trust. The private CAs are asked
 * first and the JDK's only when they refuse: a registry signed by a private CA, the usual reason to set
 * {@code caCertificates}, then never makes the JVM read and index its hundred-odd CA certificates, which is a
 * noticeable part of a short build's start. The host name is checked after the handshake, by the transport.
 */
final class PrivateCasFirst extends ClientSideTrustManager {

    private final X509ExtendedTrustManager privateCas;
    private final Supplier<X509ExtendedTrustManager> jdkCas;

    /** @param jdkCas made on first use, once */
    PrivateCasFirst(X509ExtendedTrustManager privateCas, Supplier<X509ExtendedTrustManager> jdkCas) {
        this.privateCas = privateCas;
        this.jdkCas = jdkCas;
    }

    @FunctionalInterface
    private interface Check {
        void run(X509ExtendedTrustManager manager) throws CertificateException;
    }

    private void check(Check check) throws CertificateException {
        try {
            check.run(privateCas);
        } catch (CertificateException refusedByPrivate) {
            try {
                check.run(jdkCas.get());
            } catch (CertificateException refusedByJdk) {
                // The more telling refusal: a CA that knows the chain refusing it (an expired certificate) says
                // more than one that does not know the issuer at all.
                CertificateException telling = unknownIssuer(refusedByJdk) && !unknownIssuer(refusedByPrivate)
                        ? refusedByPrivate
                        : refusedByJdk;
                CertificateException other = telling == refusedByJdk ? refusedByPrivate : refusedByJdk;
                telling.addSuppressed(other);
                throw telling;
            }
        }
    }

    private static boolean unknownIssuer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathBuilderException
                    || String.valueOf(t.getMessage()).contains("PKIX path building failed")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // Asked for client certificates only, which the plugin never sends: the private CAs suffice.
        return privateCas.getAcceptedIssuers();
    }
}
