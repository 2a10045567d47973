package io.github.blobdownloader.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One open HTTP/1.1 connection: writes requests, reads answer heads, and knows whether it can be reused. */
final class Connection {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEAD = 256 * 1024;
    private static final int MAX_FIELDS = 500;

    final String key;
    private final Socket socket;
    /** The TLS under it, or {@code null} for plain HTTP. */
    private final TlsOverSocket tls;

    private final InputStream in;
    private final OutputStream out;
    /** Requests already answered on it; a fresh connection has none. */
    private int served;

    private long idleSince;
    /** How long a head may take once its first byte arrived, and when the current one must be complete. */
    private long headNanos;

    private long headDeadline;

    Connection(String key, Socket socket) throws IOException {
        this(key, socket, socket.getInputStream(), socket.getOutputStream(), null);
    }

    /** TLS over {@code socket}, whose reads wait for {@code socket}'s. */
    Connection(String key, Socket socket, TlsOverSocket tls) {
        this(key, socket, tls.input(), tls.output(), tls);
    }

    private Connection(String key, Socket socket, InputStream in, OutputStream out, TlsOverSocket tls) {
        this.key = key;
        this.socket = socket;
        this.tls = tls;
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.out = new BufferedOutputStream(out, 8 * 1024);
    }

    boolean reused() {
        return served > 0;
    }

    InputStream input() {
        return in;
    }

    void setReadTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    void markIdle() {
        served++;
        idleSince = System.nanoTime();
    }

    long idleSince() {
        return idleSince;
    }

    /** Whether bytes are waiting that no request asked for (or the connection cannot tell). */
    boolean hasUnaskedBytes() {
        try {
            return in.available() > 0 || tls != null && tls.somethingArrived();
        } catch (IOException e) {
            return true;
        }
    }

    void close() {
        try {
            // TLS streams send close_notify before they close the socket
            in.close();
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Writes the request line, the fields and the body. */
    void write(String requestLine, Headers headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append(requestLine).append("\r\n");
        headers.map()
                .forEach((name, values) -> values.forEach(v -> {
                    if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                        throw new IllegalArgumentException("line break in header " + name);
                    }
                    head.append(name).append(": ").append(v).append("\r\n");
                }));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /**
     * The status line and fields of the next answer, skipping interim {@code 1xx} answers: all of them share
     * the one head budget, so a server cannot keep us reading interim answers for ever. Once its first byte
     * arrived, the whole head must arrive {@code within}: a server dripping it a byte at a time, each within
     * the socket's read timeout, is not waited for longer.
     */
    Head readHead(java.time.Duration within) throws IOException {
        int[] budget = {MAX_HEAD};
        headNanos = within.toNanos();
        headDeadline = 0;
        while (true) {
            Head head = readOneHead(budget);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
    }

    private Head readOneHead(int[] budget) throws IOException {
        String statusLine = readLine(budget, true);
        if (!statusLine.startsWith("HTTP/1.")) {
            throw notHttp(statusLine);
        }
        int firstSpace = statusLine.indexOf(' ');
        int status;
        try {
            String code = statusLine.substring(firstSpace + 1, Math.min(statusLine.length(), firstSpace + 4));
            status = Integer.parseInt(code);
        } catch (RuntimeException e) {
            throw new NotHttpException("invalid HTTP status line '" + printable(statusLine) + "'", false);
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        Headers.Builder fields = new Headers.Builder();
        for (int n = 0; ; n++) {
            String line = readLine(budget, false);
            if (line.isEmpty()) {
                break;
            }
            if (n >= MAX_FIELDS) {
                throw new IOException("answer has more than " + MAX_FIELDS + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // obsolete line folding or junk: ignored, as lenient clients do
            }
            fields.add(
                    line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        Headers headers = fields.build();
        String connection = headers.firstValue("Connection").orElse("").toLowerCase(Locale.ROOT);
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        return new Head(status, headers, keepAlive);
    }

    private String readLine(int[] budget, boolean first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && line.length() == 0) {
                    throw new java.io.EOFException("the server closed the connection without an answer");
                }
                throw new IOException("the connection closed inside the answer's head");
            }
            long now = System.nanoTime();
            if (headDeadline == 0) {
                headDeadline = now + headNanos;
            } else if (now - headDeadline > 0) {
                throw new java.net.SocketTimeoutException(
                        "the answer's head took longer than " + Math.max(1, headNanos / 1_000_000_000L) + " s");
            }
            if (first && line.length() == 0 && b == 0x15 || first && line.length() == 0 && b == 0x16) {
                throw new NotHttpException("the server answered with TLS, not plain HTTP", true);
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
            if (--budget[0] < 0) {
                throw new IOException("answer head is longer than " + MAX_HEAD + " bytes");
            }
            if (line.length() > MAX_LINE) {
                if (first) {
                    throw notHttp(line.toString());
                }
                throw new IOException("answer head is longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    private static NotHttpException notHttp(String start) {
        return new NotHttpException("not an HTTP answer (it began '" + printable(start) + "')", false);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.substring(0, Math.min(40, s.length())).toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    /** An answer's status line and fields. */
    record Head(int status, Headers headers, boolean keepAlive) {}
}
