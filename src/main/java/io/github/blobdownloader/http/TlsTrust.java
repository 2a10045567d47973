package io.github.blobdownloader.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which TLS servers to trust, as a lazily built context: loading the JDK's CAs costs a noticeable part of a
 * second, wasted on a registry that speaks plain HTTP, so nothing is built until a TLS connection opens.
 */
public final class TlsTrust {

    private TlsTrust() {}

    /** The JDK's CAs. */
    public static Supplier<SSLContext> jdkDefault() {
        return memoize(() -> {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        });
    }

    /** A context made once, on first use. */
    public static Supplier<SSLContext> memoize(Supplier<SSLContext> make) {
        return new Supplier<>() {
            private SSLContext context;

            @Override
            public synchronized SSLContext get() {
                if (context == null) {
                    context = make.get();
                }
                return context;
            }
        };
    }

    /**
     * Trusts any certificate for any host name: for {@code insecureRegistries} alone. An
     * {@link X509ExtendedTrustManager} is used because the JDK then leaves host name checks to it.
     */
    public static Supplier<SSLContext> anything() {
        return memoize(TlsTrust::trustingEverything);
    }

    private static SSLContext trustingEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an SSL context", e);
        }
    }
}
