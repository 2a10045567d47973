package io.github.blobdownloader.registry;

import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default SSL context, set up only when a TLS connection is first made. The JDK HTTP client
 * otherwise initialises it (loading and parsing every CA in {@code cacerts}) when the client is built: about
 * half a second of each build on a 2-core machine, wasted when the registry speaks plain HTTP on loopback.
 * Trust is exactly the default context's: every call is delegated to it.
 */
final class LazyDefaultSslContext extends SSLContext {

    LazyDefaultSslContext() {
        super(new Spi(), null, "Default");
    }

    /**
     * Parameters to hand the client with this context: left empty, so that it does not ask the context for
     * its defaults when built; an engine given empty parameters keeps its own protocols and cipher suites,
     * and the client still sets host name verification and SNI on each connection.
     */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private static final class Spi extends SSLContextSpi {
        private SSLContext real;

        private synchronized SSLContext real() {
            if (real == null) {
                try {
                    real = SSLContext.getDefault();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK has no default SSL context", e);
                }
            }
            return real;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            // As the JDK's own default context does: it is set up from the JVM's trust store, never by hand.
            throw new KeyManagementException("the default SSL context is initialised by the JDK");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
