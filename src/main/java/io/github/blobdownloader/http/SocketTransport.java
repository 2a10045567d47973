package io.github.blobdownloader.http;

import io.github.blobdownloader.Setting;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The one HTTP/1.1 client: blocking sockets (TLS through {@link TlsOverSocket}, over a non-blocking channel for
 * BoringSSL, the host name checked by {@link HostNameCheck}), kept-alive connections per origin, proxies from
 * {@link ProxySettings} (HTTPS through {@code CONNECT}, with Basic credentials on it), and the
 * {@link TransferLimits} on every wait. Blocking reads straight into the caller's buffer keep a large blob at one
 * copy from socket (or TLS engine) to file; see the README's benchmark for how it compares with the JDK's
 * HttpClient.
 * Nothing JVM-wide is read or changed beyond the default proxy selector and TLS context. Thread-safe.
 */
public final class SocketTransport implements HttpTransport {

    private static final String USER_AGENT = "blob-downloader-maven-plugin";
    /** Idle connections kept per origin: enough for the parallel blob downloads of one image. */
    private static final int MAX_IDLE_PER_ORIGIN = 16;
    /** Servers drop idle connections; one idle longer than this is closed rather than reused. */
    private static final long MAX_IDLE_NANOS = 20_000_000_000L;

    private final TransferLimits limits;
    private final Supplier<SSLContext> tls;
    private final Predicate<URI> unverified;
    private final Supplier<SSLContext> trustingAnything;
    private final ProxySettings proxies;
    private final Map<String, Deque<Connection>> idle = new HashMap<>();

    /**
     * @param tls the TLS context for {@code https}, asked for only when a TLS connection is opened
     */
    public SocketTransport(TransferLimits limits, Supplier<SSLContext> tls, ProxySettings proxies) {
        this(limits, tls, proxies, uri -> false, tls);
    }

    /**
     * @param unverified the {@code https} URLs whose certificates are not checked ({@code insecureRegistries}):
     *                   the listed registry alone, not the storage or token service it sends us to
     * @param trustingAnything the TLS context for those
     */
    public SocketTransport(
            TransferLimits limits,
            Supplier<SSLContext> tls,
            ProxySettings proxies,
            Predicate<URI> unverified,
            Supplier<SSLContext> trustingAnything) {
        this.limits = limits;
        this.trustingAnything = trustingAnything;
        this.tls = tls;
        this.proxies = proxies;
        this.unverified = unverified;
    }

    @Override
    public HttpResponse send(HttpRequest request) throws IOException {
        URI uri = request.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IOException("not an http(s) URL: " + request);
        }
        Route route = route(uri);
        boolean retriable = request.method().equals("GET") || request.method().equals("HEAD");
        while (true) {
            Connection connection = takeIdle(route.key());
            boolean reused = connection != null;
            if (connection == null) {
                connection = open(route, uri);
            }
            try {
                connection.setReadTimeout(millis(limits.idleTimeout()));
                connection.write(requestLine(request, route), headers(request, route), request.body());
                Connection.Head head = connection.readHead(limits.idleTimeout());
                return answer(request, route, connection, head);
            } catch (SocketTimeoutException e) {
                connection.close();
                throw (SocketTimeoutException) new SocketTimeoutException("no answer within "
                                + Math.max(1, limits.idleTimeout().toSeconds()) + " s")
                        .initCause(e);
            } catch (EOFException | SocketException e) {
                connection.close();
                // A kept-alive connection the server closed meanwhile: the request never reached it.
                if (reused && retriable) {
                    continue;
                }
                throw e;
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    private HttpResponse answer(HttpRequest request, Route route, Connection connection, Connection.Head head)
            throws IOException {
        if (head.status() == 407 && route.proxy() != null) {
            connection.close();
            throw proxyAuthentication(route, request.uri().getHost());
        }
        Headers headers = head.headers();
        int status = head.status();
        InputStream body;
        boolean empty = request.method().equals("HEAD") || status == 204 || status == 304 || status < 200;
        boolean keepAlive = head.keepAlive();
        String encoding = headers.firstValue("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT);
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        if (empty) {
            body = new Body(connection, Body.Framing.LENGTH, 0, limits, releaser(keepAlive));
        } else if (encoding.contains("chunked")) {
            body = new Body(connection, Body.Framing.CHUNKED, -1, limits, releaser(keepAlive));
        } else if (length >= 0) {
            body = new Body(connection, Body.Framing.LENGTH, length, limits, releaser(keepAlive));
        } else {
            body = new Body(connection, Body.Framing.UNTIL_CLOSE, -1, limits, releaser(false));
        }
        return new HttpResponse(request, status, headers, body);
    }

    private java.util.function.Consumer<Connection> releaser(boolean keepAlive) {
        return keepAlive ? this::release : Connection::close;
    }

    private String requestLine(HttpRequest request, Route route) {
        URI uri = request.uri();
        String target;
        if (route.proxy() != null && !route.tls()) {
            target = uri.getScheme() + "://" + uri.getRawAuthority() + path(uri);
        } else {
            target = path(uri);
        }
        return request.method() + " " + target + " HTTP/1.1";
    }

    private static String path(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private Headers headers(HttpRequest request, Route route) {
        Headers h = Headers.empty().with("Host", hostHeader(request.uri())).with("User-Agent", USER_AGENT);
        for (Map.Entry<String, List<String>> field : request.headers().map().entrySet()) {
            if (!field.getKey().equalsIgnoreCase("Host") && !field.getValue().isEmpty()) {
                h = h.with(field.getKey(), field.getValue().get(0));
            }
        }
        if (!h.contains("Accept")) {
            h = h.with("Accept", "*/*");
        }
        if (request.body() != null) {
            h = h.with("Content-Length", Integer.toString(request.body().length));
        }
        if (route.proxy() != null && !route.tls() && route.proxy().authorization() != null) {
            h = h.with("Proxy-Authorization", route.proxy().authorization());
        }
        return h;
    }

    private static String hostHeader(URI uri) {
        return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    // --- routes and connections ---

    /** A proxy to go through. */
    private record Via(Proxy proxy, String authorization, String description) {
        String describe() {
            return description;
        }
    }

    /** How to reach an origin: directly or through a proxy, with or without TLS. */
    private record Route(String key, boolean tls, Via proxy) {}

    private Route route(URI uri) {
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        String origin = HttpRequest.origin(uri);
        List<Proxy> choices = proxies.selector().select(uri);
        Proxy proxy = choices == null || choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0);
        if (proxy.type() == Proxy.Type.DIRECT) {
            return new Route(origin, tls, null);
        }
        Optional<ProxySettings.Entry> entry = proxies.forTarget(uri);
        String authorization =
                entry.flatMap(ProxySettings.Entry::basicAuthorization).orElse(null);
        String description = entry.map(ProxySettings.Entry::toString).orElse("proxy " + proxy.address());
        return new Route(origin + " via " + proxy, tls, new Via(proxy, authorization, description));
    }

    private Connection open(Route route, URI uri) throws IOException {
        String host = uri.getHost();
        int port = port(uri);
        boolean verify = !unverified.test(uri);
        SSLContext context = route.tls() ? (verify ? tls : trustingAnything).get() : null;
        // BoringSSL (Conscrypt's provider) decrypts from native memory, read through a channel; the JDK's TLS
        // decrypts heap arrays, read through a plain socket's streams.
        boolean nativeMemory =
                context != null && "Conscrypt".equals(context.getProvider().getName());
        Socket socket;
        if (route.proxy() == null) {
            socket = connect(newSocket(nativeMemory), new InetSocketAddress(host, port));
        } else if (route.proxy().proxy().type() == Proxy.Type.SOCKS) {
            socket = connect(new Socket(route.proxy().proxy()), InetSocketAddress.createUnresolved(host, port));
        } else {
            InetSocketAddress address =
                    (InetSocketAddress) route.proxy().proxy().address();
            socket =
                    connect(newSocket(nativeMemory), new InetSocketAddress(address.getHostString(), address.getPort()));
            if (route.tls()) {
                tunnel(socket, route, host, port);
            }
        }
        if (context != null) {
            return handshake(route.key(), socket, context, nativeMemory, verify, host, port);
        }
        return new Connection(route.key(), socket);
    }

    /** A socket with a channel when the TLS engine reads native memory, else a plain one. */
    private static Socket newSocket(boolean nativeMemory) throws IOException {
        return nativeMemory ? SocketChannel.open().socket() : new Socket();
    }

    private Socket connect(Socket socket, InetSocketAddress address) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, millis(limits.connectTimeout()));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Opens a {@code CONNECT} tunnel through an HTTP proxy; the proxy gets its credentials here. */
    private void tunnel(Socket socket, Route route, String host, int port) throws IOException {
        Connection proxy = new Connection("tunnel", socket);
        Headers headers = Headers.empty().with("Host", host + ":" + port).with("User-Agent", USER_AGENT);
        if (route.proxy().authorization() != null) {
            headers = headers.with("Proxy-Authorization", route.proxy().authorization());
        }
        try {
            socket.setSoTimeout(millis(limits.connectTimeout()));
            proxy.write("CONNECT " + host + ":" + port + " HTTP/1.1", headers, null);
            Connection.Head head = proxy.readHead(limits.connectTimeout());
            if (head.status() == 407) {
                throw proxyAuthentication(route, host);
            }
            if (head.status() != 200) {
                throw new ProxyRefusedException(
                        route.proxy().describe() + " refused to open a tunnel to " + host + ":" + port + " ("
                                + head.status() + ")",
                        head.status());
            }
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static ProxyRefusedException proxyAuthentication(Route route, String host) {
        return new ProxyRefusedException(
                route.proxy().describe() + " refused authentication (407 Proxy"
                        + " Authentication Required) for " + host + ": "
                        + (route.proxy().authorization() == null ? "set" : "check") + " " + Setting.PROXY_CREDENTIALS,
                407);
    }

    private Connection handshake(
            String key, Socket plain, SSLContext context, boolean nativeMemory, boolean verify, String host, int port)
            throws IOException {
        TlsOverSocket secure;
        try {
            secure = new TlsOverSocket(plain, context.createSSLEngine(host, port), nativeMemory);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        try {
            plain.setSoTimeout(millis(limits.connectTimeout()));
            secure.handshake(limits.connectTimeout());
            if (verify) {
                // The JDK's trust managers check the chain; the host name is checked here, by one rule for both
                // engines, before a request is written.
                HostNameCheck.verify(host, secure.session());
            }
            return new Connection(key, plain, secure);
        } catch (IOException | RuntimeException e) {
            secure.close();
            throw e;
        }
    }

    @Override
    public void closeIdleConnections() {
        List<Connection> open = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(open::addAll);
            idle.clear();
        }
        open.forEach(Connection::close);
    }

    private synchronized Connection takeIdle(String key) {
        Deque<Connection> queue = idle.get(key);
        while (queue != null && !queue.isEmpty()) {
            Connection c = queue.pollLast();
            // Bytes that arrived while nothing was asked (more than a body declared, a late answer) would be
            // read as the next request's answer: such a connection is dropped.
            if (System.nanoTime() - c.idleSince() < MAX_IDLE_NANOS && !c.hasUnaskedBytes()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(Connection connection) {
        connection.markIdle();
        synchronized (this) {
            Deque<Connection> queue = idle.computeIfAbsent(connection.key, k -> new ArrayDeque<>());
            if (queue.size() < MAX_IDLE_PER_ORIGIN) {
                queue.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
