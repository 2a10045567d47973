package io.github.blobdownloader.registry;

import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.auth.RegistryAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends registry requests: picks the scheme, authenticates on challenge, follows redirects itself (dropping
 * {@code Authorization} when the origin changes) and retries transient failures. Every other operation
 * class goes through {@link #send}. Thread-safe.
 */
public final class RegistryTransport {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 10;
    /** Challenges one request answers: the first, and one more after its authorization was refused. */
    private static final int MAX_AUTH_ROUNDS = 2;
    /** How often a request gets new authorization after the registry refused the one it sent. */
    private static final int MAX_RENEWALS = 1;

    private final RegistryEndpoint endpoint;
    private final HttpClient http;
    private final RegistryAuth auth;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Log log;
    /** The endpoint's schemes in the order tried here. */
    private final List<String> schemes;
    private volatile int schemeIndex;
    /** A response came over the current scheme: it is kept for the rest of the pull (loopback http-first only). */
    private volatile boolean schemeSettled;
    /** HTTPS was chosen only because a plain request was dropped; see {@link #switchToTls}. */
    private volatile boolean tlsTentative;

    public RegistryTransport(RegistryEndpoint endpoint, HttpClient http, RegistryAuth auth, RetryPolicy retry,
                             Duration timeout, Log log) {
        this.endpoint = endpoint;
        this.http = http;
        this.auth = auth;
        this.retry = retry;
        this.timeout = timeout;
        this.log = log;
        this.schemes = throughProxy(endpoint, http) ? endpoint.schemes().stream().sorted(
                (a, b) -> a.equals("https") ? -1 : b.equals("https") ? 1 : 0).toList() : endpoint.schemes();
    }

    /**
     * A loopback registry reached through a proxy keeps TLS first: a plain request would show the proxy its
     * paths, and the proxy, not the registry, would answer it.
     */
    private static boolean throughProxy(RegistryEndpoint endpoint, HttpClient http) {
        URI plain = endpoint.uri("http", "");
        return http.proxy().map(selector -> selector.select(plain).stream()
                .anyMatch(p -> p.type() != Proxy.Type.DIRECT)).orElse(false);
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /** How this transport retries; blob downloads use it for failures while reading a body. */
    public RetryPolicy retryPolicy() {
        return retry;
    }

    /** Connect, header and idle-read timeout. */
    public Duration timeout() {
        return timeout;
    }

    Log log() {
        return log;
    }

    /**
     * Sends {@code call} and returns a successful (2xx) response whose body the caller must close. The body
     * fails with an {@link IdleTimeoutException} when no byte arrives for the timeout.
     *
     * @throws RegistryException (or a subclass, or an authentication error) for any other outcome
     */
    public HttpResponse<InputStream> send(RegistryCall call) {
        return send(call, false);
    }

    /** {@link #send} for a blob body, which goes through {@link DirectBlobGet} where {@link #direct} allows. */
    HttpResponse<InputStream> sendForBody(RegistryCall call) {
        return send(call, true);
    }

    private HttpResponse<InputStream> send(RegistryCall call, boolean forBody) {
        int attempt = 0;
        while (true) {
            attempt++;
            HttpResponse<InputStream> response;
            try {
                response = exchange(call, forBody);
            } catch (IOException e) {
                if (attempt >= retry.attempts() || !isTransient(e)) {
                    throw unreachable(call, e, attempt);
                }
                Duration wait = retry.backoff(attempt);
                log.warn("Retrying " + call.what() + " in " + wait.toMillis() + " ms (attempt " + (attempt + 1)
                        + " of " + retry.attempts() + "): " + describe(e));
                RetryPolicy.pause(wait);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            if (RetryPolicy.isRetryable(status) && attempt < retry.attempts()) {
                int failed = attempt;
                Duration wait = retryAfter(response).map(retry::capRetryAfter)
                        .orElseGet(() -> retry.backoff(failed));
                RegistryErrors.discard(response);
                log.warn("Registry " + endpoint.registry() + " answered " + status + " for " + call.what()
                        + "; retrying in " + wait.toMillis() + " ms (attempt " + (attempt + 1) + " of "
                        + retry.attempts() + ")");
                RetryPolicy.pause(wait);
                continue;
            }
            throw RegistryErrors.toException(response, call, endpoint, auth, attempt);
        }
    }

    /** One attempt: scheme fallback, authentication rounds and redirects. */
    private HttpResponse<InputStream> exchange(RegistryCall call, boolean forBody) throws IOException {
        int authRounds = 0;
        int rejected = 0;
        int redirects = 0;
        boolean sameOrigin = true;
        String method = call.method();
        URI uri = call.absolute() != null ? call.absolute() : endpoint.uri(scheme(), call.apiPath());
        Set<String> visited = new HashSet<>();
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            call.headers().forEach(request::header);
            Optional<String> authorization = sameOrigin ? auth.header(call.scope(), uri) : Optional.empty();
            authorization.ifPresent(value -> request.header("Authorization", value));
            HttpResponse<InputStream> response;
            boolean mayChangeScheme = call.absolute() == null && redirects == 0;
            try {
                response = forBody && direct(uri) ? DirectBlobGet.send(request.build(), timeout)
                        : new WatchedResponse(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()),
                        timeout);
            } catch (SSLException e) {
                if (mayChangeScheme && (switchToPlainHttp(e) || backToPlainHttp(e))) {
                    uri = endpoint.uri(scheme(), call.apiPath());
                    continue;
                }
                throw e;
            } catch (ConnectException | HttpTimeoutException | UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                // A TLS-only server may drop a plain request without an answer; TLS is then tried, tentatively.
                if (mayChangeScheme && switchToTls(false, describe(e))) {
                    uri = endpoint.uri(scheme(), call.apiPath());
                    continue;
                }
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BlobDownloaderException("interrupted while fetching " + call.what(), false, e);
            }
            if (mayChangeScheme && !schemeSettled) {
                response = TlsOnlyAnswer.check(response);
                if (response == null && switchToTls(true, "it answered plain HTTP with 400, asking for HTTPS")) {
                    uri = endpoint.uri(scheme(), call.apiPath());
                    continue;
                }
                schemeSettled = response != null;
            }
            int status = response.statusCode();
            if (status == 401 && sameOrigin) {
                if (authorization.isPresent()) {
                    rejected++;
                }
                // A refused authorization (expired token, narrower scope) is renewed once; a second refusal
                // is final and becomes the 401 error below.
                if (authRounds < MAX_AUTH_ROUNDS && rejected <= MAX_RENEWALS) {
                    String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
                    RegistryErrors.discard(response);
                    auth.challenged(challenge, call.scope(), uri, authorization.orElse(null), call.repository());
                    authRounds++;
                    continue;
                }
            }
            if (REDIRECTS.contains(status) && response.headers().firstValue("Location").isPresent()) {
                String location = response.headers().firstValue("Location").get();
                RegistryErrors.discard(response);
                if (++redirects > MAX_REDIRECTS) {
                    throw new RegistryException("too many redirects (more than " + MAX_REDIRECTS + ") for "
                            + call.what() + " at registry " + endpoint.registry(), status, false);
                }
                visited.add(method + " " + uri);
                URI next = resolve(uri, location, call);
                if (visited.contains((status == 303 ? "GET" : method) + " " + next)) {
                    throw new RegistryException("registry " + endpoint.registry() + " redirected " + call.what()
                            + " in a loop (back to " + UntrustedText.printable(next.getHost() + next.getRawPath())
                            + "); the registry or its storage is misconfigured", status, false);
                }
                if (uri.getScheme().equalsIgnoreCase("https") && next.getScheme().equalsIgnoreCase("http")) {
                    throw new RegistryException("registry " + endpoint.registry() + " redirected " + call.what()
                            + " from https to plain http (" + next.getHost() + "); refusing the downgrade",
                            status, false);
                }
                sameOrigin = sameOrigin && sameOrigin(uri, next);
                uri = next;
                if (status == 303) {
                    method = "GET";
                }
                continue;
            }
            return response;
        }
    }

    /** Plain HTTP that the client would send without a proxy; TLS and proxies stay with the HttpClient. */
    private boolean direct(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && http.proxy().map(selector -> selector.select(uri)
                .stream().allMatch(p -> p.type() == Proxy.Type.DIRECT)).orElse(true);
    }

    private URI resolve(URI base, String location, RegistryCall call) {
        try {
            return base.resolve(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw new RegistryException("registry " + endpoint.registry() + " redirected " + call.what()
                    + " to an invalid location", 0, false, e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private String scheme() {
        return schemes.get(Math.min(schemeIndex, schemes.size() - 1));
    }

    /**
     * Moves a loopback registry tried over plain HTTP first to HTTPS when it answers like a TLS-only server.
     *
     * @param certain {@code false} when the only sign was a dropped connection: if TLS then fails for other
     *                reasons than a certificate, {@link #backToPlainHttp} returns to plain HTTP
     */
    private synchronized boolean switchToTls(boolean certain, String sign) {
        if (schemeSettled || !scheme().equals("http") || schemeIndex + 1 >= schemes.size()) {
            return false;
        }
        log.debug("Registry " + endpoint.registry() + " seems to speak only TLS (" + sign + "); using https");
        schemeIndex++;
        tlsTentative = !certain;
        return true;
    }

    /** Returns to plain HTTP when a TLS attempt made on a dropped connection alone finds no TLS server. */
    private synchronized boolean backToPlainHttp(SSLException e) {
        if (!tlsTentative || isCertificateProblem(e)) {
            return false;
        }
        log.debug("Registry " + endpoint.registry() + " does not speak TLS either (" + e.getMessage()
                + "); staying with http");
        schemeIndex--;
        tlsTentative = false;
        schemeSettled = true;
        return true;
    }

    /** Falls back from https to http when allowed and the server plainly does not speak TLS. */
    private synchronized boolean switchToPlainHttp(SSLException e) {
        if (!scheme().equals("https") || schemeIndex + 1 >= schemes.size() || isCertificateProblem(e)) {
            return false;
        }
        log.debug("Registry " + endpoint.registry() + " does not speak TLS (" + e.getMessage() + "); using http");
        schemeIndex++;
        return true;
    }

    private static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return e instanceof SSLHandshakeException && !Objects.toString(e.getMessage(), "").contains("plaintext");
    }

    private static boolean isTransient(IOException e) {
        return !(e instanceof UnknownHostException) && !(e instanceof SSLHandshakeException);
    }

    private RegistryException unreachable(RegistryCall call, IOException e, int attempts) {
        String hint;
        if (e instanceof UnknownHostException) {
            hint = "unknown host; check the registry in <image>/-Dblob.image or <registryUrl>";
        } else if (e instanceof SSLException) {
            hint = TlsFailures.explain(endpoint.hostPort(), (SSLException) e);
        } else if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            hint = describe(e) + "; check that the registry is running and reachable, or raise <timeout>";
        } else if (e instanceof HttpTimeoutException) {
            hint = "no answer within " + timeout.toSeconds() + " s; raise <timeout> (-Dblob.timeout)";
        } else {
            hint = describe(e);
        }
        return new RegistryException("cannot reach registry " + endpoint.registry() + " (" + endpoint.hostPort()
                + ") for " + call.what() + " after " + attempts + " attempt(s): " + hint, 0, false, e);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getClass().getSimpleName();
        }
        return UntrustedText.printable(message);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; the policy caps it. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.get()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        return Optional.of(wait);
    }
}
