package io.github.blobdownloader.tls;

import java.net.Socket;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A JDK trust manager as BoringSSL asks it: for TLS 1.3, which ties no key exchange to the certificate, Conscrypt
 * names the authentication type {@code GENERIC} where the JDK's own TLS says {@code UNKNOWN}, and the JDK's
 * checker rejects a name it does not know. The chain's signatures are checked by BoringSSL
 * ({@link NativelyVerifiedCertificate}); everything else passes through.
 */
final class AuthTypeBridge extends ClientSideTrustManager {

    private final X509ExtendedTrustManager jdk;
    private final Provider boringSsl;

    AuthTypeBridge(X509ExtendedTrustManager jdk, Provider boringSsl) {
        this.jdk = jdk;
        this.boringSsl = boringSsl;
    }

    private X509Certificate[] checkedByBoringSsl(X509Certificate[] chain) {
        return NativelyVerifiedCertificate.chain(chain, boringSsl);
    }

    private static String jdkName(String authType) {
        return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkServerTrusted(checkedByBoringSsl(chain), jdkName(authType), socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkServerTrusted(checkedByBoringSsl(chain), jdkName(authType), engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(checkedByBoringSsl(chain), jdkName(authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
