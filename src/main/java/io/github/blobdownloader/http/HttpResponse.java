package io.github.blobdownloader.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * An HTTP answer: status, header fields and a body stream the receiver must close. Closing before the end
 * of the body drops the connection; reading to the end lets it be reused.
 */
public final class HttpResponse implements Closeable {

    private final HttpRequest request;
    private final int status;
    private final Headers headers;
    private final InputStream body;
    private final int attempts;

    public HttpResponse(HttpRequest request, int status, Headers headers, InputStream body) {
        this(request, status, headers, body, 1);
    }

    private HttpResponse(HttpRequest request, int status, Headers headers, InputStream body, int attempts) {
        this.request = request;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.attempts = attempts;
    }

    /** How many times the request was sent before this answer (retries included). */
    public int attempts() {
        return attempts;
    }

    public HttpResponse withAttempts(int value) {
        return new HttpResponse(request, status, headers, body, value);
    }

    /** The request this answers (after redirects: the last one sent). */
    public HttpRequest request() {
        return request;
    }

    public URI uri() {
        return request.uri();
    }

    public int statusCode() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    public InputStream body() {
        return body;
    }

    /** The same answer with another body stream (a layer that watches or resumes it). */
    public HttpResponse withBody(InputStream value) {
        return new HttpResponse(request, status, headers, value, attempts);
    }

    /** Reads at most 64 KiB of the rest, so that a short body leaves its connection reusable, then closes. */
    public void discard() {
        try (InputStream in = body) {
            in.readNBytes(64 * 1024);
        } catch (IOException ignored) {
            // the connection is dropped instead of reused
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
