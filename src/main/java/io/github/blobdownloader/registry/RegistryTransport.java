package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.auth.AuthenticatingTransport;
import io.github.blobdownloader.auth.RegistryAuth;
import io.github.blobdownloader.http.Failures;
import io.github.blobdownloader.http.GaveUpException;
import io.github.blobdownloader.http.Headers;
import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.HttpTransport;
import io.github.blobdownloader.http.ProxyRefusedException;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RedirectException;
import io.github.blobdownloader.http.RedirectedFailure;
import io.github.blobdownloader.http.RedirectingTransport;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.RetryingTransport;
import io.github.blobdownloader.http.TransferLimits;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Sends registry API calls through the pipeline: endpoint probe (once) → authentication → redirects →
 * retries → the HTTP client. Turns what comes back into a 2xx response or one meaningful exception. Every
 * operation class goes through {@link #send}. Thread-safe.
 */
public final class RegistryTransport {

    private final RegistryEndpoint endpoint;
    private final HttpTransport client;
    private final RetryingTransport retrying;
    private final HttpTransport pipeline;
    private final RegistryAuth auth;
    private final ProxySettings proxies;
    private final TransferLimits limits;
    private final Log log;
    private volatile String scheme;

    /**
     * @param client the HTTP client at the bottom of the pipeline
     * @param auth   the registry's authentication, whose token requests go through the layers beneath it
     */
    RegistryTransport(
            RegistryEndpoint endpoint,
            HttpTransport client,
            RetryingTransport retrying,
            RegistryAuth auth,
            ProxySettings proxies,
            TransferLimits limits,
            Log log) {
        this.endpoint = endpoint;
        this.client = client;
        this.retrying = retrying;
        this.pipeline = new AuthenticatingTransport(new RedirectingTransport(retrying), auth);
        this.auth = auth;
        this.proxies = proxies;
        this.limits = limits;
        this.log = log;
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /** Idle timeout, for messages. */
    public Duration timeout() {
        return limits.idleTimeout();
    }

    public RetryPolicy retryPolicy() {
        return retrying.policy();
    }

    Log log() {
        return log;
    }

    /**
     * Sends {@code call} and returns a successful (2xx) response whose body the caller must close.
     *
     * @throws RegistryException (or a subclass, or an authentication error) for any other outcome
     */
    public HttpResponse send(RegistryCall call) {
        return send(call, false);
    }

    /** {@link #send} for a blob by digest, whose body resumes itself when its connection breaks. */
    HttpResponse sendForBody(RegistryCall call) {
        return send(call, true);
    }

    private HttpResponse send(RegistryCall call, boolean contentAddressed) {
        URI uri = call.absolute() != null ? call.absolute() : endpoint.uri(scheme(call), call.apiPath());
        HttpRequest request = new HttpRequest(call.method(), uri, Headers.of(call.headers()), null, contentAddressed);
        HttpResponse response;
        try {
            response = pipeline.send(request);
        } catch (IOException e) {
            throw failure(call, e);
        }
        if (response.statusCode() / 100 == 2) {
            RateLimit.of(response.headers())
                    .filter(RateLimit::announced)
                    .ifPresent(
                            limit -> log.debug("Registry " + endpoint.registry() + " rate limit: " + limit.describe()));
            return response;
        }
        throw RegistryErrors.toException(response, call, endpoint, auth, response.attempts());
    }

    void closeIdleConnections() {
        client.closeIdleConnections();
    }

    boolean usesTls() {
        String settled = scheme;
        return settled != null ? settled.equals("https") : endpoint.schemes().contains("https");
    }

    /** Whether {@code uri} is on the registry's origin, as the probe settled it (false before any call). */
    boolean isRegistry(URI uri) {
        String settled = scheme;
        return settled != null && HttpRequest.origin(uri).equals(HttpRequest.origin(endpoint.uri(settled, "")));
    }

    /** The scheme the probe settled; the probe runs on the first call. */
    private String scheme(RegistryCall call) {
        String settled = scheme;
        if (settled != null) {
            return settled;
        }
        synchronized (this) {
            if (scheme == null) {
                EndpointProbe.Result result;
                try {
                    result = EndpointProbe.probe(endpoint, client, retrying, proxies, log);
                } catch (IOException e) {
                    throw failure(call, e);
                }
                if (result.challenge() != null) {
                    auth.probed(result.challenge());
                }
                scheme = result.scheme();
            }
            return scheme;
        }
    }

    /** The one-line failure for a call that got no usable answer. */
    RuntimeException failure(RegistryCall call, IOException e) {
        if (e instanceof EndpointProbe.WrongSchemeException) {
            return new RegistryException(e.getMessage(), 0, true, e);
        }
        if (e instanceof ProxyRefusedException refused) {
            return new BlobDownloaderException(refused.getMessage(), true, e);
        }
        if (e instanceof RedirectException) {
            return new RegistryException(
                    "registry " + endpoint.registry() + " redirected " + call.what() + " " + e.getMessage()
                            + "; the registry or its storage is misconfigured",
                    0,
                    false,
                    e);
        }
        IOException failed = e instanceof RedirectedFailure redirected ? redirected.getCause() : e;
        int attempts = failed instanceof GaveUpException gaveUp ? gaveUp.attempts() : 1;
        IOException last = failed instanceof GaveUpException gaveUp ? gaveUp.last() : failed;
        if (e instanceof RedirectedFailure redirected) {
            String storage = redirected.hostPort();
            return new RegistryException(
                    "cannot reach storage " + UntrustedText.printable(storage) + " that registry " + endpoint.registry()
                            + " redirected " + call.what() + " to, after " + attempts + " attempt(s): "
                            + Failures.explainAtStorage(storage, last),
                    0,
                    false,
                    e);
        }
        String host = endpoint.hostPort();
        return new RegistryException(
                "cannot reach registry " + endpoint.registry() + " (" + host + ") for " + call.what() + " after "
                        + attempts + " attempt(s): " + Failures.explain(host, last, timeout()),
                0,
                false,
                e);
    }

    static String describe(Throwable e) {
        return Failures.describe(e);
    }
}
