package io.github.blobdownloader.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSession;

/**
 * Sends a blob GET over {@link HttpURLConnection} instead of the JDK HttpClient: its blocking socket reads
 * happen in the reading thread, without the HttpClient's selector hand-off and buffer copies, which made a
 * 1 GiB pull over loopback more than twice as slow as curl (issue 6). {@link RegistryTransport} uses it for
 * blob bodies over plain HTTP without a proxy and handles the answer exactly like the HttpClient's, so
 * authentication, redirects, retries and messages stay its own. Failures take the HttpClient's exception
 * types: a connect timeout is an {@link HttpConnectTimeoutException}, a late answer an
 * {@link HttpTimeoutException}, a stalled body an {@link IdleTimeoutException}.
 */
final class DirectBlobGet {

    private DirectBlobGet() {
    }

    static HttpResponse<InputStream> send(HttpRequest request, Duration timeout) throws IOException {
        URI uri = request.uri();
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis); // also the idle-read timeout of the body
        c.setRequestMethod(request.method());
        c.setRequestProperty("Accept", "*/*");
        request.headers().map().forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
        int status;
        boolean connected = false;
        try {
            c.connect();
            connected = true;
            status = c.getResponseCode();
            if (status < 100) {
                throw new IOException("not an HTTP answer from " + uri.getHost() + ":" + uri.getPort());
            }
        } catch (SocketTimeoutException e) {
            c.disconnect();
            HttpTimeoutException late = connected ? new HttpTimeoutException("request timed out")
                    : new HttpConnectTimeoutException("connect timed out");
            throw (IOException) late.initCause(e);
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
        InputStream raw = status >= 400 ? c.getErrorStream() : c.getInputStream();
        long length = status == 204 || status == 304 || request.method().equals("HEAD") ? 0
                : c.getContentLengthLong();
        InputStream body = new Body(raw != null ? raw : InputStream.nullInputStream(), c, length, timeout);
        HttpHeaders headers = HttpHeaders.of(c.getHeaderFields().entrySet().stream()
                .filter(e -> e.getKey() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        () -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER))), (k, v) -> true);
        return new Answer(request, status, headers, body);
    }

    /**
     * The body: a stall becomes an {@link IdleTimeoutException}, and an end before the declared length an
     * error (HttpURLConnection reports it as a normal end). A body closed before its end drops the connection.
     */
    private static final class Body extends FilterInputStream {
        private final HttpURLConnection connection;
        private final long declared;
        private final Duration timeout;
        private long received;
        private boolean ended;

        Body(InputStream in, HttpURLConnection connection, long declared, Duration timeout) {
            super(in);
            this.connection = connection;
            this.declared = declared;
            this.timeout = timeout;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw (IOException) IdleWatchdog.stalled(timeout).initCause(e);
            }
            if (n < 0) {
                if (declared >= 0 && received < declared) {
                    throw new IOException("connection closed after " + received + " of " + declared + " bytes");
                }
                ended = true;
            } else {
                received += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended && (declared < 0 || received < declared)) {
                connection.disconnect(); // an unread rest must not be left for the next request on it
                return;
            }
            in.close(); // returns the connection to the JDK's keep-alive pool
        }
    }

    private record Answer(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
