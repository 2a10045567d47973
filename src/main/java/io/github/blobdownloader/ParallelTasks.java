package io.github.blobdownloader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks (blob downloads, config reads) on a fixed number of threads. When one fails for good the others are cancelled,
 * and the first failure is what the caller sees.
 */
public final class ParallelTasks {

    private ParallelTasks() {}

    public static void runAll(List<Runnable> tasks, int parallelism) {
        if (tasks.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(parallelism, tasks.size()));
        if (threads == 1) {
            tasks.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedDaemons());
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> future : futures) {
                waitFor(future);
            }
        } catch (RuntimeException failure) {
            futures.forEach(f -> f.cancel(true));
            throw failure;
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private static void waitFor(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new BlobDownloaderException("download failed: " + cause, false, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while downloading", false, e);
        }
    }

    /** Cancelled tasks stop writing their partial files; wait a little so none writes after the build ends. */
    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedDaemons() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "blob-download-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
