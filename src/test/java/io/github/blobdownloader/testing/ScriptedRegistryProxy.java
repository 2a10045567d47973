package io.github.blobdownloader.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording HTTP/1.1 proxy in front of a real registry that injects the faults a real registry cannot
 * produce: dropped connections, stalls, throttling, wrong statuses, headers, lengths and bytes, redirects.
 * Raw sockets, so a connection can be cut after exactly as many bytes as a test wants.
 *
 * <pre>{@code
 * try (ScriptedRegistryProxy proxy = ScriptedRegistryProxy.start(registry.baseUri())) {
 *     proxy.on("/blobs/" + digest, ScriptedRegistryProxy.dropAfterHalf(), 1);
 *     ... pull from proxy.hostPort() ...
 *     assertTrue(proxy.requests().stream().anyMatch(r -> r.header("range") != null));
 * }
 * }</pre>
 */
public final class ScriptedRegistryProxy implements AutoCloseable {

    /** Response headers that describe one connection, not the content; the proxy sets its own. */
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade");
    /** Headers the JDK client refuses to set on a forwarded request. */
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "keep-alive", "transfer-encoding");

    private final URI upstream;
    private final ServerSocket server;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-registry-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile String upstreamAuthorization;
    private volatile boolean closed;

    private ScriptedRegistryProxy(URI upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
        threads.execute(this::acceptLoop);
    }

    /** A proxy on a free port of 127.0.0.1 forwarding to {@code upstream} ({@code http://host:port}). */
    public static ScriptedRegistryProxy start(URI upstream) {
        return start(upstream, "127.0.0.1");
    }

    /** As {@link #start(URI)}, listening on another loopback address such as {@code 127.0.0.2}. */
    public static ScriptedRegistryProxy start(URI upstream, String loopbackAddress) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0), 50);
            return new ScriptedRegistryProxy(upstream, server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy on " + loopbackAddress, e);
        }
    }

    /** {@code address:port}, the form used in image references. */
    public String hostPort() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    public URI baseUri() {
        return URI.create("http://" + hostPort());
    }

    /**
     * Forwards requests that carry no {@code Authorization} with these credentials, like a storage
     * backend that trusts a signed URL instead of the registry's credentials.
     */
    public ScriptedRegistryProxy upstreamCredentials(String user, String password) {
        upstreamAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Applies {@code fault} to the next {@code times} requests whose path contains {@code pathPart}
     * ({@code times < 0}: all of them). Rules are tried in the order they were added.
     */
    public ScriptedRegistryProxy on(String pathPart, Fault fault, int times) {
        rules.add(new Rule(pathPart, fault, new AtomicInteger(times)));
        return this;
    }

    /** Removes every rule; requests are forwarded unchanged. */
    public void clearFaults() {
        rules.clear();
    }

    /** Every request received so far, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose target contains {@code pathPart}. */
    public List<Recorded> requests(String pathPart) {
        return requests.stream().filter(r -> r.target().contains(pathPart)).toList();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- faults ---------------------------------------------------------------------------------------

    /** What the proxy does with one request. */
    @FunctionalInterface
    public interface Fault {
        void handle(Exchange exchange) throws IOException;
    }

    /** Forwards the request and answers with the registry's response. */
    public static Fault passThrough() {
        return ex -> ex.send(ex.forward());
    }

    /**
     * Sends the headers with the full length, then half the body, then closes the connection (after a
     * moment, so the client has read the half before it learns of the close).
     */
    public static Fault dropAfterHalf() {
        return ex -> {
            Upstream up = ex.forward();
            ex.writeHead(up.status(), up.headers(), up.body().length);
            ex.out().write(up.body(), 0, up.body().length / 2);
            ex.out().flush();
            sleep(Duration.ofMillis(200));
            ex.closeConnection();
        };
    }

    /** {@link #dropAfterHalf()} for requests without {@code Range}; ranged requests pass through. */
    public static Fault dropAfterHalfUnlessRange() {
        return ex -> {
            if (ex.request().header("range") != null) {
                passThrough().handle(ex);
            } else {
                dropAfterHalf().handle(ex);
            }
        };
    }

    /** Answers {@code status} with the given header name/value pairs and a registry-style error body. */
    public static Fault status(int status, String... headerPairs) {
        return ex -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
            }
            headers.put("Content-Type", List.of("application/json"));
            byte[] body = ("{\"errors\":[{\"code\":\"INJECTED\",\"message\":\"injected " + status + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.send(new Upstream(status, headers, body));
        };
    }

    /** Sends the headers, then nothing for {@code stall}, then closes the connection. */
    public static Fault stallAfterHeaders(Duration stall) {
        return ex -> {
            Upstream up = ex.forward();
            ex.writeHead(up.status(), up.headers(), up.body().length);
            ex.out().flush();
            sleep(stall);
            ex.closeConnection();
        };
    }

    /**
     * Sends the headers and the first {@code bytes} of the (possibly ranged) answer, then nothing for
     * {@code stall}, then closes: a server that trickles a little before every stall.
     */
    public static Fault trickleThenStall(int bytes, Duration stall) {
        return ex -> {
            Upstream up = ex.forward();
            ex.writeHead(up.status(), up.headers(), up.body().length);
            ex.out().write(up.body(), 0, Math.min(bytes, up.body().length));
            ex.out().flush();
            sleep(stall);
            ex.closeConnection();
        };
    }

    /** Sends the answer {@code piece} bytes at a time, one piece per {@code every}: slow, but never silent. */
    public static Fault dribble(int piece, Duration every) {
        return ex -> {
            Upstream up = ex.forward();
            ex.writeHead(up.status(), up.headers(), up.body().length);
            for (int off = 0; off < up.body().length; off += piece) {
                ex.out().write(up.body(), off, Math.min(piece, up.body().length - off));
                ex.out().flush();
                sleep(every);
            }
        };
    }

    /** Sends the headers and {@code keep} bytes of every answer, then closes: a connection dropped each time. */
    public static Fault cutAfterBytes(int keep) {
        return ex -> {
            Upstream up = ex.forward();
            ex.writeHead(up.status(), up.headers(), up.body().length);
            ex.out().write(up.body(), 0, Math.min(keep, up.body().length));
            ex.out().flush();
            ex.closeConnection();
        };
    }

    /** Flips one byte in the middle of the body; the length stays right. */
    public static Fault corruptByte() {
        return ex -> {
            Upstream up = ex.forward();
            byte[] body = up.body().clone();
            body[body.length / 2] ^= 0x5a;
            ex.send(up.withBody(body));
        };
    }

    /** Changes the body's length by {@code delta} bytes (cut or padded), with a matching Content-Length. */
    public static Fault resizeBody(int delta) {
        return ex -> {
            Upstream up = ex.forward();
            byte[] body = Arrays.copyOf(up.body(), Math.max(0, up.body().length + delta));
            ex.send(up.withBody(body));
        };
    }

    /** Replaces the body (and Content-Type); without a length the body ends when the connection closes. */
    public static Fault replaceBody(byte[] body, String contentType, boolean withLength) {
        return ex -> {
            Upstream up = ex.forward();
            Map<String, List<String>> headers = new LinkedHashMap<>(up.headers());
            headers.keySet()
                    .removeIf(k -> k.equalsIgnoreCase("content-type") || k.equalsIgnoreCase("docker-content-digest"));
            headers.put("Content-Type", List.of(contentType));
            if (withLength) {
                ex.send(new Upstream(up.status(), headers, body));
            } else {
                ex.writeHead(up.status(), headers, -1);
                ex.out().write(body);
                ex.out().flush();
                ex.closeConnection();
            }
        };
    }

    /** Forwards, replacing (or adding) one response header. */
    public static Fault header(String name, String value) {
        return ex -> {
            Upstream up = ex.forward();
            Map<String, List<String>> headers = new LinkedHashMap<>(up.headers());
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            headers.put(name, List.of(value));
            ex.send(new Upstream(up.status(), headers, up.body()));
        };
    }

    /** Forwards, sending the body in {@code chunk}-byte pieces with {@code pause} between them. */
    public static Fault throttle(int chunk, Duration pause) {
        return ex -> {
            Upstream up = ex.forward();
            ex.writeHead(up.status(), up.headers(), up.body().length);
            for (int off = 0; off < up.body().length; off += chunk) {
                ex.out().write(up.body(), off, Math.min(chunk, up.body().length - off));
                ex.out().flush();
                sleep(pause);
            }
        };
    }

    /** Forwards without the {@code Range} header: the full content with 200, as a server without ranges. */
    public static Fault ignoreRange() {
        return ex -> ex.send(ex.forward(Map.of("range", "")));
    }

    /** Answers a ranged request with 206 but from byte {@code start}, whatever was asked. */
    public static Fault wrongContentRange(int start) {
        return ex -> {
            Upstream up = ex.forward(Map.of("range", ""));
            Map<String, List<String>> headers = new LinkedHashMap<>(up.headers());
            int total = up.body().length;
            headers.put("Content-Range", List.of("bytes " + start + "-" + (total - 1) + "/" + total));
            ex.send(new Upstream(206, headers, Arrays.copyOfRange(up.body(), start, total)));
        };
    }

    /** Redirects (307) to the same path on {@code target}, with {@code rawQuery} appended as given. */
    public static Fault redirectTo(URI target, String rawQuery) {
        return ex -> {
            String path = ex.request().target();
            int q = path.indexOf('?');
            String location =
                    target + (q >= 0 ? path.substring(0, q) : path) + (rawQuery == null ? "" : "?" + rawQuery);
            ex.send(new Upstream(307, Map.of("Location", List.of(location)), new byte[0]));
        };
    }

    /** Refuses requests carrying {@code Authorization} (as a storage backend does); forwards the others. */
    public static Fault refuseAuthorization() {
        return ex -> {
            if (ex.request().header("authorization") != null) {
                ex.send(new Upstream(
                        400,
                        Map.of("Content-Type", List.of("application/xml")),
                        "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>"
                                .getBytes(StandardCharsets.UTF_8)));
            } else {
                passThrough().handle(ex);
            }
        };
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    /**
     * One recorded request.
     *
     * @param headers lower-case names
     */
    public record Recorded(String method, String target, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A response from (or instead of) the registry, fully read. */
    public record Upstream(int status, Map<String, List<String>> headers, byte[] body) {
        Upstream withBody(byte[] newBody) {
            return new Upstream(status, headers, newBody);
        }
    }

    /** One request on a connection, and the means to answer it. */
    public final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        private final Recorded request;
        private boolean connectionClosed;

        Exchange(Socket socket, OutputStream out, Recorded request) {
            this.socket = socket;
            this.out = out;
            this.request = request;
        }

        public Recorded request() {
            return request;
        }

        public OutputStream out() {
            return out;
        }

        public Upstream forward() throws IOException {
            return forward(Map.of());
        }

        /** Forwards with header overrides (lower-case names; an empty value removes the header). */
        public Upstream forward(Map<String, String> overrides) throws IOException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + request.target()))
                    .method(request.method(), HttpRequest.BodyPublishers.noBody());
            Map<String, String> headers = new LinkedHashMap<>(request.headers());
            headers.putAll(overrides);
            if (upstreamAuthorization != null && !headers.containsKey("authorization")) {
                headers.put("authorization", upstreamAuthorization);
            }
            headers.forEach((k, v) -> {
                if (!v.isEmpty() && !NOT_FORWARDED.contains(k)) {
                    b.header(k, v);
                }
            });
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                Map<String, List<String>> copied = new LinkedHashMap<>();
                r.headers().map().forEach((k, v) -> {
                    if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                        copied.put(k, v);
                    }
                });
                if (request.method().equals("HEAD")) {
                    r.headers().firstValue("content-length").ifPresent(v -> copied.put("Content-Length", List.of(v)));
                }
                return new Upstream(r.statusCode(), copied, r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** Writes a whole response; the connection stays open for the next request. */
        public void send(Upstream response) throws IOException {
            boolean head = request.method().equals("HEAD");
            writeHead(response.status(), response.headers(), head ? -2 : response.body().length);
            if (!head) {
                out.write(response.body());
            }
            out.flush();
        }

        /**
         * Writes the status line and headers. {@code contentLength} {@code -1}: none, the body ends when the
         * connection closes; {@code -2}: the headers already carry it (HEAD).
         */
        public void writeHead(int status, Map<String, List<String>> headers, long contentLength) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
            headers.forEach((k, values) -> {
                if (contentLength == -2 || !k.equalsIgnoreCase("content-length")) {
                    values.forEach(v -> head.append(k).append(": ").append(v).append("\r\n"));
                }
            });
            if (contentLength >= 0) {
                head.append("Content-Length: ").append(contentLength).append("\r\n");
            } else if (contentLength == -1) {
                head.append("Connection: close\r\n");
                connectionClosed = true;
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Ends the connection after this exchange (a dropped connection, or a body delimited by close). */
        public void closeConnection() {
            connectionClosed = true;
            closeQuietly(socket);
        }
    }

    private record Rule(String pathPart, Fault fault, AtomicInteger remaining) {
        boolean take(String target) {
            if (!target.contains(pathPart)) {
                return false;
            }
            while (true) {
                int left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                    return true;
                }
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy accept failed: " + e);
                }
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.mark(1);
            if (in.read() == 0x16) {
                // A TLS handshake: answer as a plain-HTTP server does, so the client falls back to http.
                out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            in.reset();
            while (!closed) {
                Recorded request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Exchange exchange = new Exchange(socket, out, request);
                Fault fault = rules.stream()
                        .filter(r -> r.take(request.target()))
                        .map(Rule::fault)
                        .findFirst()
                        .orElse(passThrough());
                fault.handle(exchange);
                if (exchange.connectionClosed) {
                    return;
                }
            }
        } catch (SocketException closedByPeerOrUs) {
            // The client hung up (as after an aborted transfer) or the proxy is closing.
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("proxy exchange failed: " + e);
            }
        } finally {
            sockets.remove(socket);
        }
    }

    /** Reads a request line and headers; {@code null} at the end of the connection. */
    private static Recorded readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length < 3) {
            throw new IOException("bad request line: " + line);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String header;
        while ((header = readLine(in)) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
        }
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        in.skipNBytes(length);
        return new Recorded(parts[0], parts[1], Collections.unmodifiableMap(headers));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public String toString() {
        return "ScriptedRegistryProxy " + hostPort() + " -> " + upstream + " (" + requests.size() + " requests)";
    }
}
