package io.github.blobdownloader.http;

import io.github.blobdownloader.UntrustedText;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * Follows redirects (registries send blobs to storage, often another host). {@code Authorization} goes only
 * to the origin it was meant for; https never falls back to plain http; loops and long chains end.
 */
public final class RedirectingTransport implements HttpTransport {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    static final int MAX_REDIRECTS = 10;

    private final HttpTransport next;

    public RedirectingTransport(HttpTransport next) {
        this.next = next;
    }

    @Override
    public HttpResponse send(HttpRequest request) throws IOException {
        HttpRequest current = request;
        Set<String> visited = new HashSet<>();
        String origin = HttpRequest.origin(request.uri());
        for (int hops = 0; ; hops++) {
            HttpResponse response;
            try {
                response = next.send(current);
            } catch (IOException e) {
                if (hops > 0
                        && !current.uri()
                                .getHost()
                                .equalsIgnoreCase(request.uri().getHost())) {
                    throw new RedirectedFailure(current.uri(), e);
                }
                throw e;
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (!REDIRECTS.contains(status) || location == null) {
                return response;
            }
            response.discard();
            if (hops >= MAX_REDIRECTS) {
                throw new RedirectException("more than " + MAX_REDIRECTS + " times");
            }
            visited.add(current.method() + " " + current.uri());
            URI target;
            try {
                target = current.uri().resolve(URI.create(location.trim()));
            } catch (IllegalArgumentException e) {
                throw new RedirectException("to an invalid location");
            }
            if (target.getScheme() == null || target.getHost() == null) {
                throw new RedirectException("to an invalid location");
            }
            String method = status == 303 && !current.method().equals("HEAD") ? "GET" : current.method();
            if (visited.contains(method + " " + target)) {
                throw new RedirectException(
                        "in a loop (back to " + UntrustedText.printable(target.getHost() + target.getRawPath()) + ")");
            }
            if (current.uri().getScheme().equalsIgnoreCase("https")
                    && target.getScheme().equalsIgnoreCase("http")) {
                throw new RedirectException("from https to plain http (" + UntrustedText.printable(target.getHost())
                        + "); refusing the downgrade");
            }
            HttpRequest following = current.withUri(target).withMethod(method);
            if (!HttpRequest.origin(target).equals(origin)) {
                // Credentials for the registry must not reach its storage or anyone else; a body may be one
                // (the refresh token of an OAuth2 token request), and cannot be taken off a 307 or 308.
                if (following.body() != null) {
                    throw new RedirectException("to another origin (" + UntrustedText.printable(target.getHost())
                            + ") with the request's body; refusing to send it there");
                }
                following = following.withoutHeader("Authorization");
            }
            current = following;
        }
    }
}
