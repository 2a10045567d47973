package io.github.blobdownloader.http;

import java.net.URI;
import java.util.Objects;

/**
 * One HTTP request.
 *
 * @param method          {@code GET}, {@code HEAD}, {@code POST}
 * @param uri             absolute {@code http} or {@code https} URI
 * @param headers         fields to send; {@code Host}, {@code Content-Length} and {@code User-Agent} are added
 * @param body            the request body, or {@code null}
 * @param contentAddressed whether every answer has the same bytes (a blob by digest): a broken body may then
 *                        be resumed with {@code Range}
 */
public record HttpRequest(String method, URI uri, Headers headers, byte[] body, boolean contentAddressed) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? Headers.empty() : headers;
    }

    public static HttpRequest get(URI uri) {
        return new HttpRequest("GET", uri, Headers.empty(), null, false);
    }

    public HttpRequest withUri(URI value) {
        return new HttpRequest(method, value, headers, body, contentAddressed);
    }

    public HttpRequest withMethod(String value) {
        return new HttpRequest(
                value, uri, headers, "GET".equals(value) || "HEAD".equals(value) ? null : body, contentAddressed);
    }

    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(method, uri, headers.with(name, value), body, contentAddressed);
    }

    public HttpRequest withoutHeader(String name) {
        return new HttpRequest(method, uri, headers.without(name), body, contentAddressed);
    }

    public HttpRequest contentAddressed(boolean value) {
        return new HttpRequest(method, uri, headers, body, value);
    }

    /** {@code scheme://host:port}, the port made explicit: what "same origin" compares. */
    public static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }
}
