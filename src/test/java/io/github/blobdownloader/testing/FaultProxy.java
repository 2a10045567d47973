package io.github.blobdownloader.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * A plain-HTTP proxy on a loopback port in front of a real registry, for the faults a real registry cannot
 * produce (corrupt, truncated or oversized bodies, injected statuses, dropped connections, stalls). Requests
 * go through the rules in the order they were added; the first that selects a request decides, by its
 * {@link Fault}, and requests no rule selects are passed through unchanged.
 *
 * <p>Address it as {@code registryUrl = http://127.0.0.1:PORT}: it speaks plain HTTP only and, unlike the
 * real registry, does not answer a TLS ClientHello, so the HTTPS-first probe an image reference
 * {@code 127.0.0.1:PORT/repo} triggers would wait for the whole connect timeout.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(registry.baseUri())) {
 *     FaultProxy.Rule rule = proxy.add(FaultProxy.Rule.on("GET", "/v2/app/blobs/" + digest).nth(1)
 *             .then(Fault.flipByte(100)));
 *     ... pull with registryUrl proxy.baseUri() ...
 *     assertEquals(1, rule.applied());
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    /** Headers the JDK client sets itself or that only concern one hop. */
    private static final Set<String> HOP_HEADERS = Set.of(
            "connection",
            "content-length",
            "date",
            "expect",
            "host",
            "keep-alive",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "via",
            "warning",
            "from");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FaultProxy(URI upstream, HttpServer server, ExecutorService executor) {
        this.upstream = upstream;
        this.server = server;
        this.executor = executor;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Starts a proxy for {@code upstream} (e.g. {@code http://127.0.0.1:5000}) on a free loopback port. */
    public static FaultProxy start(URI upstream) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // One thread per request, so a stalled answer does not hold up the others.
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread t = new Thread(runnable, "fault-proxy");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            FaultProxy proxy = new FaultProxy(upstream, server, executor);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e, e);
        }
    }

    /** Adds a rule after the existing ones and returns it (to ask {@link Rule#applied()} later). */
    public Rule add(Rule rule) {
        rules.add(rule);
        return rule;
    }

    /** Removes every rule: from now on everything passes through. */
    public void clearRules() {
        rules.clear();
    }

    /** Every request so far as {@code METHOD path[?query]}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}, the form used in image references. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("http://" + hostPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange raw) {
        String target = raw.getRequestURI().getRawPath()
                + (raw.getRequestURI().getRawQuery() != null
                        ? "?" + raw.getRequestURI().getRawQuery()
                        : "");
        requests.add(raw.getRequestMethod() + " " + target);
        Exchange exchange = new Exchange(raw);
        Rule chosen = null;
        for (Rule rule : rules) {
            // Every rule counts the request, so "nth" means the nth matching request, whatever other rules did.
            if (rule.selects(raw.getRequestMethod(), raw.getRequestURI().getRawPath()) && chosen == null) {
                chosen = rule;
            }
        }
        Fault fault = chosen == null ? Fault.passThrough() : chosen.apply();
        try {
            fault.handle(exchange);
        } catch (IOException | RuntimeException e) {
            // The client sees a dropped connection, which is what a broken proxy looks like.
            exchange.drop();
        } finally {
            raw.close();
        }
    }

    /**
     * Which requests a fault applies to: a method, a regular expression the whole path must match, and which
     * of the matching requests (all by default; counting starts at 1 and includes requests let through).
     */
    public static final class Rule {
        private final String method;
        private final Pattern path;
        private final AtomicInteger seen = new AtomicInteger();
        private final AtomicInteger applied = new AtomicInteger();
        private IntPredicate occurrences = n -> true;
        private Fault fault = Fault.passThrough();

        private Rule(String method, Pattern path) {
            this.method = method;
            this.path = path;
        }

        /** Requests with this method (any case; {@code *} for all) whose path matches {@code pathRegex}. */
        public static Rule on(String method, String pathRegex) {
            return new Rule(method, Pattern.compile(pathRegex));
        }

        /** Only the {@code n}th matching request (1-based). */
        public Rule nth(int n) {
            occurrences = i -> i == n;
            return this;
        }

        /** Only the first {@code n} matching requests. */
        public Rule first(int n) {
            occurrences = i -> i <= n;
            return this;
        }

        /** What to do with the requests this rule applies to. */
        public Rule then(Fault value) {
            fault = value;
            return this;
        }

        /** How many requests this rule's fault has handled. */
        public int applied() {
            return applied.get();
        }

        /** Counts a matching request and tells whether it is one of the occurrences this rule wants. */
        private boolean selects(String requestMethod, String requestPath) {
            if (!(method.equals("*") || method.equalsIgnoreCase(requestMethod))
                    || !path.matcher(requestPath).matches()) {
                return false;
            }
            return occurrences.test(seen.incrementAndGet());
        }

        private Fault apply() {
            applied.incrementAndGet();
            return fault;
        }
    }

    /**
     * The registry's answer, read whole (test blobs are small).
     *
     * @param headers response headers without hop-by-hop ones; {@code Location} already points at the proxy
     */
    public record Upstream(int status, Map<String, List<String>> headers, byte[] body) {

        public Upstream withBody(byte[] newBody) {
            return new Upstream(status, headers, newBody);
        }

        public Upstream withStatus(int newStatus) {
            return new Upstream(newStatus, headers, body);
        }
    }

    /** One request being handled: what faults use to ask the registry and to answer. */
    public final class Exchange {
        private final HttpExchange raw;

        private Exchange(HttpExchange raw) {
            this.raw = raw;
        }

        public String method() {
            return raw.getRequestMethod();
        }

        /** The request's path and query, as sent. */
        public URI uri() {
            return raw.getRequestURI();
        }

        /** Sends the request on to the registry and returns its answer. */
        public Upstream forward() throws IOException {
            byte[] requestBody = raw.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            upstream.resolve(raw.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            raw.getRequestMethod(),
                            requestBody.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            raw.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding", e);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            boolean head = raw.getRequestMethod().equalsIgnoreCase("HEAD");
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                // A HEAD answer's Content-Length describes the blob; the server cannot compute it.
                if (!HOP_HEADERS.contains(lower) || (head && lower.equals("content-length"))) {
                    headers.put(name, values.stream().map(this::towardsProxy).toList());
                }
            });
            return new Upstream(response.statusCode(), headers, response.body());
        }

        /** Absolute links to the registry become links to the proxy, so clients stay behind it. */
        private String towardsProxy(String value) {
            String origin = upstream.getScheme() + "://" + upstream.getRawAuthority();
            return value.startsWith(origin) ? baseUri() + value.substring(origin.length()) : value;
        }

        /** Answers with {@code answer}; the Content-Length is the body's. */
        public void send(Upstream answer) throws IOException {
            boolean head = raw.getRequestMethod().equalsIgnoreCase("HEAD");
            boolean noBody = head || answer.status() == 204 || answer.status() == 304 || answer.body().length == 0;
            copyHeaders(answer);
            raw.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                try (OutputStream out = raw.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }

        /**
         * Declares the whole body's length and sends only {@code keep} bytes of it. When the fault returns, the
         * connection is closed (closing a short fixed-length exchange does that); a fault that wants a stall
         * instead sleeps before returning.
         */
        public void sendPartially(Upstream answer, int keep) throws IOException {
            copyHeaders(answer);
            raw.sendResponseHeaders(answer.status(), answer.body().length);
            OutputStream out = raw.getResponseBody();
            out.write(answer.body(), 0, Math.min(keep, answer.body().length));
            out.flush();
        }

        /** Closes the connection without (further) answer. */
        public void drop() {
            // Closed before its headers were sent, an exchange closes the connection.
            raw.close();
        }

        private void copyHeaders(Upstream answer) {
            answer.headers().forEach((name, values) -> raw.getResponseHeaders().put(name, new ArrayList<>(values)));
        }
    }
}
