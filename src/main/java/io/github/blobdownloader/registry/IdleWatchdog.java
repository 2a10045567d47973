package io.github.blobdownloader.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aborts response bodies that stall. The JDK client's request timeout ends when the headers arrive; after
 * that a silent server would block a read forever. Each watched stream is checked once per timeout by one
 * shared daemon thread, and closed when no byte arrived for the whole timeout: closing the body stream of
 * {@code BodyHandlers.ofInputStream()} cancels the exchange and wakes the blocked reader, who then gets an
 * {@link IdleTimeoutException}, a transient failure that is retried.
 */
final class IdleWatchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "blob-downloader-idle-watchdog");
        t.setDaemon(true);
        return t;
    });

    private IdleWatchdog() {
    }

    /** The failure of a body that delivered nothing for {@code idle}. */
    static IdleTimeoutException stalled(Duration idle) {
        return new IdleTimeoutException("no data received for " + Math.max(1, idle.toSeconds())
                + " s; the transfer stalled");
    }

    /** {@code in}, closed by the watchdog when no byte arrives for {@code idle}. */
    static InputStream watch(InputStream in, Duration idle) {
        WatchedStream watched = new WatchedStream(in, idle.toNanos());
        watched.schedule(idle.toNanos());
        return watched;
    }

    private static final class WatchedStream extends FilterInputStream {
        private final long idleNanos;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;
        private volatile boolean closed;
        private ScheduledFuture<?> check;

        WatchedStream(InputStream in, long idleNanos) {
            super(in);
            this.idleNanos = idleNanos;
        }

        private synchronized void schedule(long delayNanos) {
            if (!closed) {
                check = TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void check() {
            long quiet = System.nanoTime() - lastProgress;
            if (quiet < idleNanos) {
                schedule(idleNanos - quiet);
                return;
            }
            stalled = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // The reader learns of the stall from the flag either way.
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw stalled ? stall(e) : e;
            }
            if (stalled) {
                throw stall(null);
            }
            if (n > 0) {
                lastProgress = System.nanoTime();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            lastProgress = System.nanoTime();
            return skipped;
        }

        private IOException stall(IOException cause) {
            IdleTimeoutException e = stalled(Duration.ofNanos(idleNanos));
            if (cause != null) {
                e.initCause(cause);
            }
            return e;
        }

        @Override
        public void close() throws IOException {
            synchronized (this) {
                closed = true;
                if (check != null) {
                    check.cancel(false);
                }
            }
            in.close();
        }
    }
}
