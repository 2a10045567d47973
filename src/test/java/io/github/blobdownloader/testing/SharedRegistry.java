package io.github.blobdownloader.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A registry on a fixed loopback port shared by several builds, e.g. started from a Maven
 * invoker pre-build Groovy script and reused by every IT project:
 *
 * <pre>{@code
 * io.github.blobdownloader.testing.SharedRegistry.ensureStarted(5123)
 * }</pre>
 *
 * <p>If something on {@code 127.0.0.1:port} already answers {@code /v2/}, it is reused; otherwise a
 * {@link RegistryServer} is started there and stopped by its JVM shutdown hook when this JVM exits.
 *
 * <p>{@link #ensureStartedTls} does the same for a registry speaking only HTTPS, with a certificate for
 * {@code 127.0.0.1} and {@code localhost} signed by a CA made at start ({@link TestCertificates}) whose files
 * stay in the folder the caller names: {@link #caPem()} is what {@code caCertificates} is given.
 */
public final class SharedRegistry {

    /** Servers this JVM started, kept so repeated calls return the same instance. */
    private static final Map<Integer, RegistryServer> STARTED = new ConcurrentHashMap<>();

    /** The CA of each TLS registry this JVM started, by port. */
    private static final Map<Integer, Path> STARTED_CAS = new ConcurrentHashMap<>();

    private final int port;
    private final RegistryServer server;
    /** The CA certificate (PEM) the registry's certificate chains to; null for plain HTTP. */
    private final Path caPem;

    private SharedRegistry(int port, RegistryServer server) {
        this(port, server, null);
    }

    private SharedRegistry(int port, RegistryServer server, Path caPem) {
        this.port = port;
        this.server = server;
        this.caPem = caPem;
    }

    /** Ensures an open (no auth) registry answers on {@code 127.0.0.1:port}. */
    public static SharedRegistry ensureStarted(int port) {
        return ensure(port, null, null);
    }

    /** Ensures a registry requiring Basic auth for {@code user}/{@code password} answers on the port. */
    public static SharedRegistry ensureStarted(int port, String user, String password) {
        return ensure(port, user, password);
    }

    /**
     * Ensures an open registry answers HTTPS on {@code 127.0.0.1:port}. When this JVM starts it, a new CA and
     * a server certificate it signs are made in {@code caDir} (left there: the caller owns the folder); a
     * registry this JVM started before is returned with its own CA, wherever that lives. A registry that some
     * other process runs there is reused only when {@code caDir} already holds the {@code ca.pem} it trusts.
     */
    public static synchronized SharedRegistry ensureStartedTls(int port, Path caDir) {
        URI base = URI.create("https://127.0.0.1:" + port);
        RegistryServer mine = STARTED.get(port);
        Path knownCa = STARTED_CAS.get(port);
        if (mine != null && mine.isRunning()) {
            if (knownCa == null) {
                throw new IllegalStateException("The registry this JVM started on " + base + " speaks plain HTTP");
            }
            return new SharedRegistry(port, mine, knownCa);
        }
        int status = RegistryServer.probe(base);
        if (status == 200 || status == 401) {
            if (status == 401) {
                throw new IllegalStateException(
                        "A registry already runs on " + base + " but it requires authentication");
            }
            Path pem = caDir.resolve("ca.pem");
            if (!Files.isRegularFile(pem)) {
                throw new IllegalStateException("A TLS registry already runs on " + base + " but its CA is unknown: no "
                        + pem + " to trust it with");
            }
            return new SharedRegistry(port, null, pem);
        }
        TestCertificates ca = TestCertificates.newCa(caDir);
        TestCertificates.Issued cert = ca.issue("127.0.0.1", "localhost");
        RegistryServer server = RegistryServer.builder()
                .port(port)
                .tls(cert.certificate(), cert.key())
                .start();
        STARTED.put(port, server);
        STARTED_CAS.put(port, ca.caPem());
        return new SharedRegistry(port, server, ca.caPem());
    }

    private static synchronized SharedRegistry ensure(int port, String user, String password) {
        if (STARTED_CAS.containsKey(port)) {
            throw new IllegalStateException(
                    "The registry this JVM started on 127.0.0.1:" + port + " speaks HTTPS: use ensureStartedTls");
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        int status = RegistryServer.probe(base);
        boolean wantAuth = user != null;
        if (status == 200 || status == 401) {
            // Reusing a registry with the wrong auth mode would make ITs fail in confusing ways.
            if (wantAuth != (status == 401)) {
                throw new IllegalStateException("A registry already runs on " + base + " but it "
                        + (status == 401 ? "requires" : "does not require") + " authentication");
            }
            return new SharedRegistry(port, STARTED.get(port));
        }
        RegistryServer.Builder builder = RegistryServer.builder().port(port);
        if (wantAuth) {
            builder.htpasswd(user, password);
        }
        RegistryServer server = builder.start();
        STARTED.put(port, server);
        return new SharedRegistry(port, server);
    }

    /** The shared port. */
    public int port() {
        return port;
    }

    /** {@code "127.0.0.1:PORT"}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://} for a TLS registry. */
    public URI baseUri() {
        return URI.create((caPem != null ? "https" : "http") + "://" + hostPort());
    }

    /** Whether the registry speaks only HTTPS ({@link #ensureStartedTls}). */
    public boolean tls() {
        return caPem != null;
    }

    /** The PEM file of the CA a TLS registry's certificate chains to, for {@code caCertificates}. */
    public Path caPem() {
        if (caPem == null) {
            throw new IllegalStateException(baseUri() + " speaks plain HTTP: it has no CA");
        }
        return caPem;
    }

    /** An SSL context trusting only {@link #caPem()}, for test clients such as {@link RegistryApi}. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(caPem())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client SSL context for " + caPem, e);
        }
    }

    /** An API client for the registry: over TLS trusting {@link #caPem()} when it speaks HTTPS. */
    public RegistryApi api() {
        return tls() ? new RegistryApi(baseUri(), clientContext()) : new RegistryApi(baseUri());
    }

    /** Whether this JVM started the registry (as opposed to reusing one already running). */
    public boolean startedHere() {
        return server != null;
    }

    /** The server if this JVM started it. */
    public Optional<RegistryServer> server() {
        return Optional.ofNullable(server);
    }

    /** Stops the registry if this JVM started it; a reused registry is left alone. */
    public void stopIfStartedHere() {
        if (server != null) {
            STARTED.remove(port, server);
            STARTED_CAS.remove(port);
            server.close();
        }
    }

    @Override
    public String toString() {
        return "SharedRegistry[" + baseUri() + (startedHere() ? ", started here]" : ", reused]");
    }
}
