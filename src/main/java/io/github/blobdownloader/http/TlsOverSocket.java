package io.github.blobdownloader.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

/**
 * TLS through an {@link SSLEngine} over a connected socket ({@link CiphertextWire}: its channel, or its streams),
 * instead of the engine's {@code SSLSocket}: the socket keeps its read timeout, proxy and tunnel, and one read
 * from it takes all the ciphertext that has arrived (up to 256 KiB, many records), which is decrypted straight
 * into the caller's buffer when it can hold a record. BoringSSL's {@code SSLSocket} reads and decrypts one
 * 16 KiB record per call through two more layers of buffers (the README's benchmark has the figures).
 *
 * <p>One thread reads and writes at a time, as a {@link Connection} is used; {@link #close} may come from
 * another.
 */
final class TlsOverSocket {

    private static final int NET_BUFFER = 256 * 1024;
    private static final int ALERT_WRAPS = 4;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final CiphertextWire wire;
    private final ReentrantLock writing = new ReentrantLock();
    private final int recordSize;
    /** Ciphertext received and not yet decrypted, ready to read (position to limit). */
    private ByteBuffer netIn;
    /** Ciphertext to send; used while holding {@link #writing}. */
    private ByteBuffer netOut;
    /** Plaintext decrypted and not yet handed out, ready to read. */
    private ByteBuffer appIn;

    /** Whether what {@link #netIn} holds is no whole record: the next step is to read more. */
    private boolean needsMoreCiphertext;

    private boolean inboundDone;
    private long handshakeDeadline;
    private long handshakeNanos;
    /** An answer to a post-handshake message that could not be sent; the next write fails with it. */
    private IOException writeFailure;

    private volatile boolean closed;

    /**
     * @param engine made for the server's host and port, not started yet
     * @param nativeMemory whether the engine decrypts native memory best (BoringSSL's; the JDK's does not)
     */
    TlsOverSocket(Socket socket, SSLEngine engine, boolean nativeMemory) throws IOException {
        this.engine = engine;
        this.wire = CiphertextWire.of(socket, nativeMemory);
        engine.setUseClientMode(true);
        SSLSession session = engine.getSession();
        this.recordSize = session.getApplicationBufferSize();
        this.netIn = wire.allocate(Math.max(NET_BUFFER, session.getPacketBufferSize()))
                .flip();
        this.netOut = wire.allocate(session.getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(recordSize).flip();
    }

    /**
     * Runs the handshake to its end, within {@code within} as a whole: the socket's read timeout bounds each
     * wait, and a server that sends its messages a byte at a time, each within it, is not waited for longer.
     */
    void handshake(Duration within) throws IOException {
        handshakeDeadline = System.nanoTime() + within.toNanos();
        handshakeNanos = within.toNanos();
        try {
            engine.beginHandshake();
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    case NEED_WRAP -> sendDuringHandshake();
                    case NEED_TASK -> runTasks();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrapDuringHandshake();
                    default -> {
                        return; // NOT_HANDSHAKING (FINISHED is only ever a result's status)
                    }
                }
            }
        } catch (SSLException e) {
            sendAlertQuietly();
            throw e;
        }
    }

    /**
     * A server that refuses us (no client certificate, say) sends its alert and hangs up, and our next write
     * breaks: the alert, already here, is the reason, and unlike a broken connection it is not worth retrying.
     */
    private void sendDuringHandshake() throws IOException {
        try {
            send(NOTHING);
        } catch (SSLException e) {
            throw e;
        } catch (IOException writeFailed) {
            SSLException alert = alertAlreadyArrived();
            if (alert == null) {
                throw writeFailed;
            }
            alert.addSuppressed(writeFailed);
            throw alert;
        }
    }

    /** The alert among the bytes that arrived, if any; the connection is broken, so nothing is written. */
    private SSLException alertAlreadyArrived() {
        try {
            // The JDK's engine reads nothing while it has messages of its flight to wrap: wrapped into nowhere.
            for (int i = 0; i < ALERT_WRAPS; i++) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runTasks();
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    netOut.clear();
                    engine.wrap(NOTHING, netOut);
                } else {
                    break;
                }
            }
            netIn.compact();
            try {
                wire.readArrived(netIn);
            } finally {
                netIn.flip();
            }
            while (netIn.hasRemaining()) {
                int before = netIn.remaining();
                unwrapIntoAppIn();
                if (netIn.remaining() == before) {
                    break;
                }
            }
        } catch (SSLException alert) {
            return alert;
        } catch (IOException | RuntimeException nothingMore) {
            // what broke the write is the reason then
        }
        return null;
    }

    private void unwrapDuringHandshake() throws IOException {
        SSLEngineResult result = unwrapIntoAppIn();
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> fillDuringHandshake();
            case CLOSED -> throw new SSLHandshakeException("the server ended TLS during the handshake");
            case BUFFER_OVERFLOW -> appIn = larger(appIn);
            default -> {
                if (result.bytesConsumed() == 0) {
                    fillDuringHandshake();
                }
            }
        }
    }

    private void fillDuringHandshake() throws IOException {
        if (!fill()) {
            // No alert, no refusal: the connection just ended, as an overloaded server or balancer drops one.
            // A lost connection like any other, so another attempt may get through.
            throw new HandshakeHangUpException();
        }
        if (System.nanoTime() - handshakeDeadline > 0) {
            throw new SocketTimeoutException(
                    "the TLS handshake took longer than " + Math.max(1, handshakeNanos / 1_000_000_000L) + " s");
        }
    }

    /**
     * Whether the server sent anything since the last answer was read, or ended the connection: a kept-alive
     * connection must then not carry the next request (those bytes would be read as its answer). Post-handshake
     * messages that arrived (session tickets, key updates) are taken in here and do not count.
     */
    boolean somethingArrived() {
        if (appIn.hasRemaining() || inboundDone) {
            return true;
        }
        try {
            netIn.compact();
            int n;
            try {
                n = wire.readArrived(netIn);
            } finally {
                netIn.flip();
            }
            if (n < 0) {
                return true;
            }
            while (netIn.hasRemaining() && !appIn.hasRemaining()) {
                int before = netIn.remaining();
                decryptIntoAppIn();
                if (netIn.remaining() == before) {
                    break; // part of a record: something is on its way
                }
            }
            return appIn.hasRemaining() || netIn.hasRemaining() || engine.isInboundDone();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The session, once {@link #handshake} returned. */
    SSLSession session() {
        return engine.getSession();
    }

    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return TlsOverSocket.this.read(b, off, len);
            }

            @Override
            public int available() {
                return appIn.remaining();
            }

            @Override
            public void close() {
                TlsOverSocket.this.close();
            }
        };
    }

    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (writeFailure != null) {
                    throw writeFailure;
                }
                ByteBuffer plain = ByteBuffer.wrap(b, off, len);
                while (plain.hasRemaining()) {
                    send(plain);
                }
            }

            @Override
            public void flush() throws IOException {
                wire.flush();
            }

            @Override
            public void close() {
                TlsOverSocket.this.close();
            }
        };
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(len, appIn.remaining());
                appIn.get(b, off, n);
                return n;
            }
            if (inboundDone) {
                return -1;
            }
            if (netIn.hasRemaining() && !needsMoreCiphertext) {
                int produced = len >= recordSize ? decryptInto(ByteBuffer.wrap(b, off, len)) : decryptIntoAppIn();
                if (produced > 0) {
                    return produced;
                }
                if (produced < 0) {
                    inboundDone = true;
                    return -1;
                }
                continue; // appIn may hold bytes now, or a post-handshake message was taken in
            }
            if (engine.isInboundDone()) {
                // close_notify came in with the last data
                inboundDone = true;
                return -1;
            }
            needsMoreCiphertext = false;
            if (!fill()) {
                // The end without close_notify: the HTTP framing above tells a cut-off answer.
                inboundDone = true;
                return -1;
            }
        }
    }

    /**
     * Decrypts as many whole records as {@code dst} holds; the bytes produced, 0 when none (a post-handshake
     * message, or too little ciphertext: see {@link #needsMoreCiphertext}), -1 at the server's close_notify.
     */
    private int decryptInto(ByteBuffer dst) throws IOException {
        int produced = 0;
        needsMoreCiphertext = false;
        while (netIn.hasRemaining() && dst.remaining() >= recordSize) {
            SSLEngineResult result = engine.unwrap(netIn, dst);
            produced += result.bytesProduced();
            afterUnwrap(result);
            switch (result.getStatus()) {
                case CLOSED -> {
                    return produced > 0 ? produced : -1;
                }
                case BUFFER_UNDERFLOW -> {
                    needsMoreCiphertext = true;
                    return produced;
                }
                case BUFFER_OVERFLOW -> {
                    return produced > 0 ? produced : decryptIntoAppIn();
                }
                default -> {
                    if (result.bytesConsumed() == 0) {
                        needsMoreCiphertext = true;
                        return produced;
                    }
                }
            }
        }
        return produced;
    }

    /** Decrypts into {@link #appIn} (a small read, or a record larger than the caller's buffer). */
    private int decryptIntoAppIn() throws IOException {
        SSLEngineResult result = unwrapIntoAppIn();
        afterUnwrap(result);
        needsMoreCiphertext = result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                || result.getStatus() == SSLEngineResult.Status.OK && result.bytesConsumed() == 0;
        return switch (result.getStatus()) {
            case CLOSED -> appIn.hasRemaining() ? 0 : -1;
            case BUFFER_OVERFLOW -> {
                appIn = larger(appIn);
                yield 0;
            }
            default -> 0; // what was produced waits in appIn
        };
    }

    /** Decrypts into {@link #appIn} behind what it still holds. */
    private SSLEngineResult unwrapIntoAppIn() throws SSLException {
        appIn.compact();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
        }
    }

    /**
     * A post-handshake message (a new session ticket, a key update, a TLS 1.2 renegotiation) may ask for work and
     * answers. An answer that cannot be sent (the server is closing) fails the next write, not this read: the
     * plaintext already received is still the caller's.
     */
    private void afterUnwrap(SSLEngineResult result) {
        HandshakeStatus status = result.getHandshakeStatus();
        while (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP) {
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (writeFailure == null) {
                try {
                    send(NOTHING);
                } catch (IOException e) {
                    writeFailure = e;
                    return;
                }
            } else {
                return;
            }
            status = engine.getHandshakeStatus();
        }
    }

    /** Reads more ciphertext, as much as has arrived; false at the end of the stream. */
    private boolean fill() throws IOException {
        netIn.compact();
        if (!netIn.hasRemaining()) {
            netIn = larger(netIn.flip()).compact();
        }
        int n;
        try {
            n = wire.read(netIn);
        } finally {
            netIn.flip(); // also after a timeout: what was there stays readable
        }
        return n >= 0;
    }

    /** Encrypts what {@code plain} holds (nothing: a handshake message or alert) and writes it. */
    private void send(ByteBuffer plain) throws IOException {
        writing.lock();
        try {
            netOut.clear();
            SSLEngineResult result = engine.wrap(plain, netOut);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    netOut = wire.allocate(netOut.capacity() * 2);
                    return;
                }
                case CLOSED -> {
                    if (netOut.position() == 0) {
                        // as a socket says it: a kept-alive connection closed meanwhile is retried at once
                        throw new SocketException("the TLS connection is closed");
                    }
                }
                default -> {
                    // OK
                }
            }
            wire.write(netOut.flip());
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
        } finally {
            writing.unlock();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** After a failed handshake the engine may hold an alert for the server: sent if it can be, at once. */
    private void sendAlertQuietly() {
        try {
            // An alert is one record; a few tries bound an engine that keeps asking to wrap.
            for (int i = 0; i < ALERT_WRAPS && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                send(NOTHING);
            }
            wire.flush();
        } catch (IOException | RuntimeException ignored) {
            // the failure that caused it is what the caller reports
        }
    }

    private ByteBuffer larger(ByteBuffer readable) {
        ByteBuffer bigger = (readable.isDirect()
                ? wire.allocate(readable.capacity() * 2)
                : ByteBuffer.allocate(readable.capacity() * 2));
        bigger.put(readable);
        return bigger.flip();
    }

    /**
     * Sends close_notify if no write is under way (one stuck on a server that stopped reading would hold the
     * close for ever), and closes the socket.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.closeOutbound();
            if (writing.tryLock()) {
                try {
                    if (!engine.isOutboundDone()) {
                        netOut.clear();
                        engine.wrap(NOTHING, netOut);
                        wire.writeIfReady(netOut.flip());
                        wire.flush();
                    }
                } finally {
                    writing.unlock();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a server gone already needs no close_notify
        } finally {
            wire.close();
        }
    }
}
