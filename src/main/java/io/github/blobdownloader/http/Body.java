package io.github.blobdownloader.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.Consumer;

/**
 * An answer's body as the connection frames it (length, chunks, or until close). Silence longer than the
 * idle timeout, or less than the low-speed rule's bytes in its window, ends it with a
 * {@link TransferStalledException}. Read to its end, the connection goes back to the pool; closed earlier,
 * the connection is dropped so no unread rest reaches the next request.
 */
final class Body extends BodyStream {

    /** Bound on a chunked body's trailer section, as on an answer's head. */
    private static final int MAX_TRAILERS = 256 * 1024;

    /** Framing of the body. */
    enum Framing {
        LENGTH,
        CHUNKED,
        UNTIL_CLOSE
    }

    private final Connection connection;
    private final InputStream in;
    private final Framing framing;
    private final TransferLimits limits;
    private final Consumer<Connection> release;
    /** Bytes left: of the whole body (LENGTH) or of the current chunk (CHUNKED). */
    private long left;

    private boolean lastChunkSeen;
    private boolean ended;
    private boolean closed;
    private long received;
    private long windowStart = System.nanoTime();
    private long windowBytes;

    Body(Connection connection, Framing framing, long length, TransferLimits limits, Consumer<Connection> release) {
        this.connection = connection;
        this.in = connection.input();
        this.framing = framing;
        this.limits = limits;
        this.release = release;
        this.left = framing == Framing.LENGTH ? length : 0;
        if (framing == Framing.LENGTH && length == 0) {
            end();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("body closed");
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (framing == Framing.CHUNKED && left == 0) {
                nextChunk();
                if (ended) {
                    return -1;
                }
            }
            int want = framing == Framing.UNTIL_CLOSE ? len : (int) Math.min(len, left);
            int n = in.read(b, off, want);
            if (n < 0) {
                if (framing == Framing.UNTIL_CLOSE) {
                    ended = true;
                    connection.close();
                    return -1;
                }
                throw new IOException("connection closed after " + received + " bytes of the body"
                        + (framing == Framing.LENGTH ? ", " + (received + left) + " declared" : ""));
            }
            received += n;
            windowBytes += n;
            if (framing != Framing.UNTIL_CLOSE) {
                left -= n;
                if (framing == Framing.LENGTH && left == 0) {
                    end();
                } else if (framing == Framing.CHUNKED && left == 0) {
                    crlf();
                }
            }
            checkSpeed();
            return n;
        } catch (SocketTimeoutException e) {
            TransferStalledException stalled = new TransferStalledException(
                    "no data received for " + Math.max(1, limits.idleTimeout().toSeconds()) + " s after " + received
                            + " bytes",
                    false);
            stalled.initCause(e);
            throw stalled;
        }
    }

    /** The low-speed rule: over each window, at least {@code limit × window} bytes. */
    private void checkSpeed() throws TransferStalledException {
        if (limits.lowSpeedLimit() <= 0 || ended) {
            return;
        }
        long now = System.nanoTime();
        long window = limits.lowSpeedTime().toNanos();
        if (now - windowStart < window) {
            return;
        }
        double seconds = (now - windowStart) / 1e9;
        if (windowBytes < limits.lowSpeedLimit() * seconds) {
            throw new TransferStalledException(
                    String.format(
                            java.util.Locale.ROOT,
                            "only %d bytes in %.0f s, below %d bytes/s, after %d bytes",
                            windowBytes,
                            seconds,
                            limits.lowSpeedLimit(),
                            received),
                    true);
        }
        windowStart = now;
        windowBytes = 0;
    }

    private void nextChunk() throws IOException {
        if (lastChunkSeen) {
            return;
        }
        String line = line();
        int semicolon = line.indexOf(';');
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("invalid chunk size in the body");
        }
        if (size < 0) {
            throw new IOException("invalid chunk size in the body");
        }
        if (size == 0) {
            lastChunkSeen = true;
            // Trailer fields are not used, but read to the blank line, as many as a head may hold.
            long trailers = 0;
            for (String field = line(); !field.isEmpty(); field = line()) {
                trailers += field.length() + 2;
                if (trailers > MAX_TRAILERS) {
                    throw new IOException(
                            "the chunked body's trailer fields are longer than " + MAX_TRAILERS + " bytes");
                }
            }
            end();
            return;
        }
        left = size;
    }

    private void crlf() throws IOException {
        if (!line().isEmpty()) {
            throw new IOException("chunk not followed by CRLF");
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed inside a chunked body after " + received + " bytes");
            }
            if (c == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            if (s.length() > 4096) {
                throw new IOException("chunk header too long");
            }
            s.append((char) c);
        }
    }

    private void end() {
        ended = true;
        release.accept(connection);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            connection.close();
        }
    }
}
