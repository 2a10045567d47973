package io.github.blobdownloader.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * How {@link TlsOverSocket} moves ciphertext: through the socket's channel into native memory, for an engine
 * that decrypts there (BoringSSL: no copy into and out of the Java heap), else through the socket's streams
 * into the heap (the JDK's engine, which would copy each record out of native memory and back, measured at a
 * CPU-second more per GiB; and a SOCKS proxy's socket, which has no channel). Every read waits at most the
 * socket's read timeout, as a blocking socket's would; on the channel, every write too.
 */
abstract class CiphertextWire {

    /**
     * The wire for {@code socket}, connected (and through any tunnel) already.
     *
     * @param nativeMemory whether the engine decrypts native memory best
     */
    static CiphertextWire of(Socket socket, boolean nativeMemory) throws IOException {
        SocketChannel channel = socket.getChannel();
        return channel == null || !nativeMemory ? new Streams(socket) : new Channel(socket, channel);
    }

    /** A buffer of {@code size} bytes of the kind this wire reads into and writes from. */
    abstract ByteBuffer allocate(int size);

    /** Reads what has arrived into {@code into}, waiting for at least a byte; -1 at the end of the stream. */
    abstract int read(ByteBuffer into) throws IOException;

    /** Reads what has arrived into {@code into} without waiting: 0 when nothing has, -1 at the end. */
    abstract int readArrived(ByteBuffer into) throws IOException;

    /** Writes all of {@code from}. */
    abstract void write(ByteBuffer from) throws IOException;

    /** Writes what the socket takes at once of {@code from}, without waiting (a last message before closing). */
    abstract void writeIfReady(ByteBuffer from) throws IOException;

    abstract void flush() throws IOException;

    /** Closes the wire and its socket; a wait in another thread ends. */
    abstract void close();

    /** Through the socket's streams, with heap buffers. */
    private static final class Streams extends CiphertextWire {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Streams(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        ByteBuffer allocate(int size) {
            return ByteBuffer.allocate(size);
        }

        @Override
        int read(ByteBuffer into) throws IOException {
            return read(into, into.remaining());
        }

        @Override
        int readArrived(ByteBuffer into) throws IOException {
            int arrived = Math.min(in.available(), into.remaining());
            return arrived <= 0 ? 0 : read(into, arrived);
        }

        private int read(ByteBuffer into, int most) throws IOException {
            int n = in.read(into.array(), into.arrayOffset() + into.position(), most);
            if (n > 0) {
                into.position(into.position() + n);
            }
            return n;
        }

        @Override
        void write(ByteBuffer from) throws IOException {
            out.write(from.array(), from.arrayOffset() + from.position(), from.remaining());
            from.position(from.limit());
        }

        @Override
        void writeIfReady(ByteBuffer from) throws IOException {
            write(from); // a stream cannot tell; a few bytes fit the socket's buffer
        }

        @Override
        void flush() throws IOException {
            out.flush();
        }

        @Override
        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Through the channel, non-blocking, waiting in a selector of its own; direct buffers. */
    private static final class Channel extends CiphertextWire {
        private final Socket socket;
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;

        Channel(Socket socket, SocketChannel channel) throws IOException {
            this.socket = socket;
            this.channel = channel;
            this.selector = Selector.open();
            try {
                channel.configureBlocking(false);
                this.key = channel.register(selector, 0);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
        }

        @Override
        ByteBuffer allocate(int size) {
            return ByteBuffer.allocateDirect(size);
        }

        @Override
        int read(ByteBuffer into) throws IOException {
            long deadline = 0;
            while (true) {
                int n = asSocket(() -> channel.read(into));
                if (n != 0) {
                    return n;
                }
                deadline = await(SelectionKey.OP_READ, deadline, "Read timed out");
            }
        }

        @FunctionalInterface
        private interface ChannelCall {
            int run() throws IOException;
        }

        /**
         * A channel says "Connection reset by peer" or "closed" with a plain {@link IOException} where a socket
         * throws a {@link SocketException}, which callers take for a lost connection (a kept-alive one the
         * server dropped is retried at once).
         */
        private static int asSocket(ChannelCall call) throws IOException {
            try {
                return call.run();
            } catch (SocketException | java.io.InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                SocketException lost = new SocketException(
                        e instanceof ClosedChannelException ? "Socket closed" : String.valueOf(e.getMessage()));
                lost.initCause(e);
                throw lost;
            }
        }

        @Override
        int readArrived(ByteBuffer into) throws IOException {
            return asSocket(() -> channel.read(into));
        }

        @Override
        void write(ByteBuffer from) throws IOException {
            long deadline = 0;
            while (from.hasRemaining()) {
                if (asSocket(() -> channel.write(from)) == 0) {
                    deadline = await(SelectionKey.OP_WRITE, deadline, "Write timed out");
                }
            }
        }

        @Override
        void writeIfReady(ByteBuffer from) throws IOException {
            asSocket(() -> channel.write(from));
        }

        /** Waits until the channel is ready for {@code op}, at most until the deadline (set on the first wait). */
        private long await(int op, long deadline, String timedOut) throws IOException {
            int millis = socket.getSoTimeout();
            long timeout = millis == 0 ? Long.MAX_VALUE / 4 : millis * 1_000_000L;
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + timeout;
            }
            long left = deadline - now;
            if (left <= 0) {
                throw new SocketTimeoutException(timedOut);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for the server");
            }
            try {
                key.interestOps(op);
                selector.select(Math.max(1, left / 1_000_000L));
                selector.selectedKeys().clear();
                key.interestOps(0);
            } catch (ClosedSelectorException | CancelledKeyException closedMeanwhile) {
                throw new SocketException("Socket closed");
            }
            return deadline;
        }

        @Override
        void flush() {
            // nothing is buffered: every write goes to the channel
        }

        @Override
        void close() {
            try {
                selector.close(); // wakes a thread waiting in it
            } catch (IOException ignored) {
                // the socket's close below releases the rest
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
