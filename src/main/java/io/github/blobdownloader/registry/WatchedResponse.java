package io.github.blobdownloader.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A response whose body is guarded by the {@link IdleWatchdog}; everything else is the original's. */
final class WatchedResponse implements HttpResponse<InputStream> {

    private final HttpResponse<InputStream> response;
    private final InputStream body;

    WatchedResponse(HttpResponse<InputStream> response, Duration idleTimeout) {
        this.response = response;
        this.body = IdleWatchdog.watch(response.body(), idleTimeout);
    }

    /** {@code response} with its (already watched) body replaced by {@code body}. */
    WatchedResponse(HttpResponse<InputStream> response, InputStream body) {
        this.response = response;
        this.body = body;
    }

    @Override
    public int statusCode() {
        return response.statusCode();
    }

    @Override
    public HttpRequest request() {
        return response.request();
    }

    @Override
    public Optional<HttpResponse<InputStream>> previousResponse() {
        return response.previousResponse();
    }

    @Override
    public HttpHeaders headers() {
        return response.headers();
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return response.sslSession();
    }

    @Override
    public URI uri() {
        return response.uri();
    }

    @Override
    public HttpClient.Version version() {
        return response.version();
    }
}
