package io.github.blobdownloader.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process forward HTTP proxy on a loopback port, for tests: absolute-URI requests ({@code GET
 * http://host/path}) are forwarded one per connection, {@code CONNECT host:port} opens a byte tunnel. With
 * {@link #requireBasic} every request needs a matching {@code Proxy-Authorization} header, else it gets a
 * {@code 407}. Every request is recorded, so a test can assert what went through the proxy.
 */
public final class TestProxy implements Closeable {

    /**
     * One request the proxy received.
     *
     * @param method             {@code GET}, {@code CONNECT}, …
     * @param target             the absolute URI or the {@code host:port} of a tunnel
     * @param proxyAuthorization the {@code Proxy-Authorization} header, or {@code null}
     * @param status             what the proxy answered itself ({@code 407}), or {@code 0} when forwarded
     */
    public record Request(String method, String target, String proxyAuthorization, int status) {}

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile String expectedAuthorization;

    private TestProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy that needs no authentication. */
    public static TestProxy start() {
        try {
            return new TestProxy();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test proxy", e);
        }
    }

    /** From now on, requests need {@code Proxy-Authorization: Basic} with these credentials. */
    public TestProxy requireBasic(String user, String password) {
        expectedAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Everything received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            List<String> rawHeaders = new ArrayList<>();
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
                rawHeaders.add(line);
            }
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String target = parts.length > 1 ? parts[1] : "";
            String auth = headers.get("proxy-authorization");
            String expected = expectedAuthorization;
            if (expected != null && !expected.equals(auth)) {
                requests.add(new Request(method, target, auth, 407));
                out.write(
                        ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test-proxy\""
                                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            requests.add(new Request(method, target, auth, 0));
            if (method.equals("CONNECT")) {
                tunnel(client, target);
            } else {
                forward(client, method, URI.create(target), rawHeaders, headers);
            }
        } catch (IOException e) {
            // the client or the origin went away; nothing to report
        } finally {
            open.remove(client);
        }
    }

    private void tunnel(Socket client, String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        try (Socket origin =
                new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
            open.add(origin);
            client.getOutputStream()
                    .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            pipeBothWays(client, origin);
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private void forward(Socket client, String method, URI target, List<String> rawHeaders, Map<String, String> headers)
            throws IOException {
        int port = target.getPort() > 0 ? target.getPort() : 80;
        try (Socket origin = new Socket(target.getHost(), port)) {
            open.add(origin);
            StringBuilder head = new StringBuilder(method)
                    .append(' ')
                    .append(target.getRawPath())
                    .append(target.getRawQuery() != null ? "?" + target.getRawQuery() : "")
                    .append(" HTTP/1.1\r\n");
            for (String line : rawHeaders) {
                String name =
                        line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection")) {
                    head.append(line).append("\r\n");
                }
            }
            // One request per connection keeps the forwarding trivial: the origin closes after its answer.
            head.append("Connection: close\r\n\r\n");
            OutputStream toOrigin = origin.getOutputStream();
            toOrigin.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
            toOrigin.write(client.getInputStream().readNBytes((int) length));
            toOrigin.flush();
            origin.getInputStream().transferTo(client.getOutputStream());
            client.getOutputStream().flush();
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private void pipeBothWays(Socket a, Socket b) {
        threads.execute(() -> pipe(a, b));
        pipe(b, a);
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
