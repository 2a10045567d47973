package io.github.blobdownloader.registry;

import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.RegistryUrl;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where and how to talk to one registry.
 *
 * @param registry   the registry as the user named it ({@code docker.io}, {@code host:5000}); used for
 *                   credential lookup and messages
 * @param hostPort   what to connect to ({@code registry-1.docker.io} for Docker Hub)
 * @param pathPrefix path before {@code /v2/}, usually empty
 * @param schemes    schemes to try in order: {@code https} alone, {@code http} alone, {@code https} then
 *                   {@code http} for insecure registries that may not speak TLS, or {@code http} then
 *                   {@code https} for loopback registries (a local test registry seldom speaks TLS, and
 *                   trying TLS first costs the JVM's whole TLS set-up on every build; see {@link #tlsFirst()})
 * @param insecure   listed in {@code insecureRegistries}: TLS is not verified
 */
public record RegistryEndpoint(
        String registry, String hostPort, String pathPrefix, List<String> schemes, boolean insecure) {

    public RegistryEndpoint {
        schemes = List.copyOf(schemes);
    }

    /** The endpoint for a parsed reference, under the transport rules of the contract. */
    public static RegistryEndpoint of(ImageReference ref, Set<String> insecureRegistries) {
        String host = ref.endpointHost();
        boolean insecure = isListed(ref.registry(), insecureRegistries) || isListed(host, insecureRegistries);
        List<String> schemes =
                isLoopback(host) ? List.of("http", "https") : insecure ? List.of("https", "http") : List.of("https");
        return new RegistryEndpoint(ref.registry(), host, "", schemes, insecure);
    }

    /** The endpoint for an explicit {@code registryUrl}: its scheme is used as given. */
    public static RegistryEndpoint of(RegistryUrl url, Set<String> insecureRegistries) {
        return new RegistryEndpoint(
                url.hostPort(),
                url.hostPort(),
                url.pathPrefix(),
                List.of(url.scheme()),
                isListed(url.hostPort(), insecureRegistries));
    }

    /**
     * The same endpoint asking TLS first where it may try both: for a registry given {@code caCertificates},
     * which says it speaks TLS, so a plain request first would only cost a round trip.
     */
    public RegistryEndpoint tlsFirst() {
        if (schemes.size() < 2 || schemes.get(0).equals("https")) {
            return this;
        }
        return new RegistryEndpoint(registry, hostPort, pathPrefix, List.of("https", "http"), insecure);
    }

    private static boolean isListed(String hostPort, Set<String> insecureRegistries) {
        String lower = hostPort.toLowerCase(Locale.ROOT);
        return insecureRegistries.contains(lower) || insecureRegistries.contains(hostOnly(lower));
    }

    /** {@code host} of {@code host:port} (and of {@code [::1]:port}; a bare {@code ::1} is all host). */
    public static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end > 0 ? hostPort.substring(0, end + 1) : hostPort;
        }
        int colon = hostPort.lastIndexOf(':');
        // More than one ':' without brackets is a bare IPv6 address, which has no port.
        return colon > 0 && hostPort.indexOf(':') == colon ? hostPort.substring(0, colon) : hostPort;
    }

    /** Loopback hosts ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) may use plain HTTP. */
    public static boolean isLoopback(String hostPort) {
        String host = hostOnly(hostPort).toLowerCase(Locale.ROOT);
        return host.equals("localhost")
                || host.equals("[::1]")
                || host.equals("::1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Whether secrets may travel to {@code uri}: over TLS, to loopback, or to an insecure registry. */
    public boolean mayReceiveCredentials(URI uri) {
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return true;
        }
        String hostPort = uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        return isLoopback(hostPort) || (insecure && hostOnly(hostPort).equalsIgnoreCase(hostOnly(this.hostPort)));
    }

    /** Whether {@code uri} is on this endpoint's host (any port, as {@code insecureRegistries} may list it). */
    public boolean isHost(URI uri) {
        return uri.getHost() != null && hostOnly(hostPort).equalsIgnoreCase(uri.getHost());
    }

    /** {@code scheme://host[:port][prefix]/v2/<apiPath>}. */
    public URI uri(String scheme, String apiPath) {
        return URI.create(scheme + "://" + hostPort + pathPrefix + "/v2/" + apiPath);
    }
}
