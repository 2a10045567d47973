package io.github.blobdownloader.registry;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the JDK HTTP clients the plugin uses: HTTP/1.1, redirects handled by us, bounded connect time, TLS
 * trust ({@code caCertificates}, {@code insecureRegistries}) and proxies.
 */
public final class HttpClients {

    /** The JDK property that lists auth schemes refused for HTTPS tunnels through a proxy (default Basic). */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";
    /** The JDK client's socket read buffer; it reads a JVM-wide property once, when its first client is built. */
    static final String READ_BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    /**
     * The JDK reads responses in 16 KiB buffers by default. On a 1 GiB pull, 256 KiB buffers cut the client's
     * CPU time by about 40% (7.2 s to 4.4 s user time on 2 cores; see scripts/benchmark.sh), which on a busy
     * build machine is download time.
     */
    static final String READ_BUFFER_BYTES = Integer.toString(256 * 1024);

    static {
        if (System.getProperty(READ_BUFFER_PROPERTY) == null) {
            System.setProperty(READ_BUFFER_PROPERTY, READ_BUFFER_BYTES); // a value the user chose is kept
        }
    }

    private HttpClients() {
    }

    /**
     * @param verifyTls {@code false} only for registries the user listed in {@code insecureRegistries}
     */
    public static HttpClient create(Duration connectTimeout, boolean verifyTls) {
        return create(connectTimeout, verifyTls, null, ProxySettings.jvmDefaults());
    }

    /**
     * @param verifyTls {@code false} only for registries the user listed in {@code insecureRegistries}
     * @param trusted   the JDK's CAs plus {@code caCertificates} (see {@link CaCertificates}), or {@code null}
     *                  for the JDK's alone
     * @param proxies   settings.xml proxies, or {@link ProxySettings#jvmDefaults()}
     */
    public static HttpClient create(Duration connectTimeout, boolean verifyTls, SSLContext trusted,
                                    ProxySettings proxies) {
        if (proxies.entries().stream().anyMatch(e -> e.basicAuthorization().isPresent())) {
            allowBasicForTunnels();
        }
        // HTTP/1.1: parallel blobs each get their own connection instead of sharing one HTTP/2 stream window.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .proxy(proxies.selector());
        if (!verifyTls) {
            builder.sslContext(trustingEverything());
        } else if (trusted != null) {
            builder.sslContext(trusted);
        } else {
            builder.sslContext(new LazyDefaultSslContext()).sslParameters(LazyDefaultSslContext.parameters());
        }
        HttpClient client = builder.build();
        return proxies.isEmpty() ? client : new ProxyingHttpClient(client, proxies);
    }

    /**
     * Lets Basic proxy credentials reach the proxy on HTTPS {@code CONNECT}s. The JDK reads the property once,
     * when its HTTP client classes initialise, so this works only if nothing in this JVM used
     * {@code java.net.http} before; a user's own setting is left alone. Otherwise the 407 message names
     * the property to set in {@code MAVEN_OPTS}.
     */
    static synchronized void allowBasicForTunnels() {
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        }
    }

    /**
     * An SSL context that accepts any certificate and host name. An {@link X509ExtendedTrustManager} is
     * used because the JDK then leaves host name checks to it, and it checks nothing.
     */
    private static SSLContext trustingEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

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
