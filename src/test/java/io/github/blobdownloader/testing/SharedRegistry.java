package io.github.blobdownloader.testing;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 */
public final class SharedRegistry {

    /** Servers this JVM started, kept so repeated calls return the same instance. */
    private static final Map<Integer, RegistryServer> STARTED = new ConcurrentHashMap<>();

    private final int port;
    private final RegistryServer server;

    private SharedRegistry(int port, RegistryServer server) {
        this.port = port;
        this.server = server;
    }

    /** Ensures an open (no auth) registry answers on {@code 127.0.0.1:port}. */
    public static SharedRegistry ensureStarted(int port) {
        return ensure(port, null, null);
    }

    /** Ensures a registry requiring Basic auth for {@code user}/{@code password} answers on the port. */
    public static SharedRegistry ensureStarted(int port, String user, String password) {
        return ensure(port, user, password);
    }

    private static synchronized SharedRegistry ensure(int port, String user, String password) {
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

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("http://" + hostPort());
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
            server.close();
        }
    }

    @Override
    public String toString() {
        return "SharedRegistry[" + baseUri() + (startedHere() ? ", started here]" : ", reused]");
    }
}
