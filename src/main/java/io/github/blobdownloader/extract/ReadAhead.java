package io.github.blobdownloader.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A decompressed layer read ahead on a thread of its own, a few chunks in advance: inflating (one core) and
 * parsing the tar and writing the files (the other) then overlap instead of taking turns. Closing stops the
 * reader and waits for it before closing the stream it reads.
 */
final class ReadAhead extends InputStream {

    private static final int CHUNK = 1 << 18;
    private static final int CHUNKS_AHEAD = 8;
    private static final byte[] END = new byte[0];
    /** Inflating one chunk takes milliseconds: a reader silent this long is stuck, not slow. */
    private static final long WAIT_MINUTES = 5;

    private final InputStream in;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;

    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int position;

    ReadAhead(InputStream in) {
        this.in = in;
        this.reader = new Thread(this::readAll, "blob-downloader-extract-inflate");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        try {
            while (true) {
                byte[] chunk = new byte[CHUNK];
                int n = in.readNBytes(chunk, 0, CHUNK);
                if (n > 0) {
                    chunks.put(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
                }
                if (n < CHUNK) {
                    break;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            return; // closed early: nobody reads the rest
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            // closed meanwhile
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == current.length) {
            if (current == END) {
                return -1;
            }
            current = next();
            position = 0;
            if (current == END) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    private byte[] next() throws IOException {
        try {
            byte[] chunk = chunks.poll(WAIT_MINUTES, TimeUnit.MINUTES);
            if (chunk == null) {
                throw new IOException("the layer's decompressor gave nothing for " + WAIT_MINUTES + " minutes");
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a layer");
        }
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join(TimeUnit.MINUTES.toMillis(WAIT_MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }
}
