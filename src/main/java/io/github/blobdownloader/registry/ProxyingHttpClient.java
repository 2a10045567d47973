package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.Closeable;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that adds {@code Proxy-Authorization} to every request the settings route through a
 * proxy with credentials, and turns a proxy's {@code 407} into a clear failure.
 *
 * <p>Why not an {@link Authenticator}: once a client has one, the JDK drops the {@code Authorization}
 * headers we set for registries ourselves. A preemptive header reaches the proxy in both cases: for plain
 * HTTP on the request itself, for HTTPS on the {@code CONNECT} that opens the tunnel (the JDK copies
 * {@code Proxy-*} headers there and keeps them out of the tunnel). The JDK strips Basic from tunnels unless
 * {@code jdk.http.auth.tunneling.disabledSchemes} allows it; {@link HttpClients} takes care of that.
 */
final class ProxyingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final ProxySettings proxies;

    ProxyingHttpClient(HttpClient delegate, ProxySettings proxies) {
        this.delegate = delegate;
        this.proxies = proxies;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return checked(request, delegate.send(withProxyAuthorization(request), handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(withProxyAuthorization(request), handler).thenApply(r -> checked(request, r));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return delegate.sendAsync(withProxyAuthorization(request), handler, push).thenApply(r -> checked(request, r));
    }

    private HttpRequest withProxyAuthorization(HttpRequest request) {
        Optional<String> authorization = proxies.forTarget(request.uri())
                .flatMap(ProxySettings.Entry::basicAuthorization);
        if (authorization.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Proxy-Authorization"))
                .header("Proxy-Authorization", authorization.get())
                .build();
    }

    private <T> HttpResponse<T> checked(HttpRequest request, HttpResponse<T> response) {
        if (response.statusCode() != 407) {
            return response;
        }
        if (response.body() instanceof Closeable body) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
        ProxySettings.Entry entry = proxies.forTarget(request.uri()).orElse(null);
        String proxy = entry != null ? entry.toString() : "the proxy";
        String fix;
        if (entry == null || entry.basicAuthorization().isEmpty()) {
            fix = "set <username> and <password> of the <proxy> in settings.xml";
        } else if ("https".equalsIgnoreCase(request.uri().getScheme())) {
            // The JDK may have withheld the credentials from the CONNECT; we cannot see whether it did.
            fix = "check <username> and <password> of the <proxy> in settings.xml; if they are right, the JDK"
                    + " withheld them from the HTTPS tunnel: run Maven with"
                    + " MAVEN_OPTS=\"-D" + HttpClients.TUNNELING_DISABLED_SCHEMES + "=\"";
        } else {
            fix = "check <username> and <password> of the <proxy> in settings.xml";
        }
        throw new BlobDownloaderException(proxy + " refused authentication (407 Proxy Authentication Required)"
                + " for " + request.uri().getHost() + ": " + fix, true);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
