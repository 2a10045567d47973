package io.github.blobdownloader.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP proxies to use, as settings.xml's active {@code <proxy>} entries give them. With none, the JVM's
 * standard proxy properties ({@code https.proxyHost}, {@code http.nonProxyHosts}, …) apply through
 * {@link ProxySelector#getDefault()}.
 *
 * <p>For a target URL the first entry whose {@code protocol} equals the URL's scheme is used, else the first
 * {@code http} entry (one plain HTTP proxy serves both schemes, HTTPS through {@code CONNECT}); an entry
 * whose {@code nonProxyHosts} matches the target's host is skipped.
 */
public record ProxySettings(List<Entry> entries) {

    /**
     * One proxy.
     *
     * @param id            the settings.xml id, for messages
     * @param protocol      {@code http} or {@code https}: which target URLs it serves
     * @param host          proxy host
     * @param port          proxy port
     * @param username      proxy user, or {@code null}
     * @param password      proxy password (decrypted), or {@code null}; never printed
     * @param nonProxyHosts {@code |}-separated host patterns with {@code *} wildcards, or {@code null}
     */
    public record Entry(
            String id, String protocol, String host, int port, String username, String password, String nonProxyHosts) {

        /** The {@code Proxy-Authorization} value, when the entry has credentials. */
        public Optional<String> basicAuthorization() {
            if (username == null || username.isEmpty()) {
                return Optional.empty();
            }
            String pair = username + ":" + (password == null ? "" : password);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        /** Whether {@code host} is listed in {@code nonProxyHosts}, i.e. reached directly. */
        public boolean bypasses(String host) {
            if (nonProxyHosts == null || nonProxyHosts.isBlank() || host == null) {
                return false;
            }
            String target = host.toLowerCase(Locale.ROOT);
            if (target.startsWith("[") && target.endsWith("]")) {
                target = target.substring(1, target.length() - 1);
            }
            for (String pattern : nonProxyHosts.split("[|,]")) {
                String p = pattern.trim().toLowerCase(Locale.ROOT);
                if (!p.isEmpty() && wildcard(p).matcher(target).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** {@code host:port} of the proxy, for messages. */
        public String address() {
            return host + ":" + port;
        }

        @Override
        public String toString() {
            // The password stays out of every message and debug line.
            return "proxy '" + id + "' (" + protocol + "://" + address()
                    + (username != null ? ", user " + username : "") + ")";
        }

        /** {@code *.example.com} → a regex; everything but {@code *} is literal. */
        private static Pattern wildcard(String glob) {
            StringBuilder regex = new StringBuilder();
            String[] parts = glob.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
            }
            return Pattern.compile(regex.toString());
        }
    }

    public ProxySettings {
        entries = List.copyOf(entries);
    }

    /** No settings.xml proxies: the JVM's proxy properties decide. */
    public static ProxySettings jvmDefaults() {
        return new ProxySettings(List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry that carries requests to {@code target}, if any. */
    public Optional<Entry> forTarget(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        Optional<Entry> exact = entries.stream()
                .filter(e -> scheme.equalsIgnoreCase(e.protocol()) && !e.bypasses(target.getHost()))
                .findFirst();
        if (exact.isPresent() || entries.stream().anyMatch(e -> scheme.equalsIgnoreCase(e.protocol()))) {
            return exact;
        }
        return entries.stream()
                .filter(e -> "http".equalsIgnoreCase(e.protocol()) && !e.bypasses(target.getHost()))
                .findFirst();
    }

    /** The selector the HTTP client routes through. */
    public ProxySelector selector() {
        if (entries.isEmpty()) {
            ProxySelector jvm = ProxySelector.getDefault();
            return jvm != null ? jvm : ProxySelector.of(null);
        }
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(forTarget(uri)
                        .map(e -> new Proxy(Proxy.Type.HTTP, new InetSocketAddress(e.host(), e.port())))
                        .orElse(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // the transport reports the failure; there is no alternative proxy to try
            }
        };
    }
}
