package io.github.blobdownloader.report;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer of a folder's report at a time, across threads and processes, leaving no file in the folder: the
 * holder deletes the lock file before it lets go. A waiter may so get the lock of a file already deleted, so the
 * lock counts only when the path still names the file that was there before it was opened (same file key, read
 * by {@code stat}: opening the file a second time would drop the lock, as POSIX drops a process's locks on any
 * close). A killed holder leaves the file, which the next writer takes over. Where the file system has no file
 * keys the lock file is kept instead.
 */
final class ReportLock implements AutoCloseable {

    /** A write takes milliseconds; a holder this slow is a hung build. */
    static final long WAIT_MILLIS = 60_000;

    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final boolean delete;
    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private ReportLock(Path file, boolean delete, ReentrantLock local, FileChannel channel, FileLock lock) {
        this.file = file;
        this.delete = delete;
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Holds the lock on {@code lockFile} within {@link #WAIT_MILLIS}, or fails naming it. */
    static ReportLock acquire(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            if (!local.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw busy(key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while waiting for " + key, false, e);
        }
        try {
            // An output with nothing else in it (an image the files layout writes no file of) has no folder yet.
            Files.createDirectories(key.getParent());
            for (int round = 1; ; round++) {
                ReportLock held = tryOnce(key, local);
                if (held != null) {
                    return held;
                }
                if (System.nanoTime() > deadline) {
                    throw busy(key);
                }
                // A first round that only created the file is followed at once by the one that locks it.
                if (round > 1) {
                    Thread.sleep(5);
                }
            }
        } catch (IOException e) {
            local.unlock();
            throw new BlobDownloaderException("cannot lock " + key + ": " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            local.unlock();
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while waiting for " + key, false, e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The lock, or {@code null} when another process holds it or the file changed under it. */
    private static ReportLock tryOnce(Path key, ReentrantLock local) throws IOException {
        Object before = fileKey(key);
        FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean held = false;
        try {
            if (before == null) {
                if (Files.exists(key) && fileKey(key) == null) {
                    // A file system without file keys: a plain lock on a file that stays.
                    FileLock lock = channel.lock();
                    held = true;
                    return new ReportLock(key, false, local, channel, lock);
                }
                return null; // created just now: the next round knows its key
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return null;
            }
            if (!Objects.equals(before, fileKey(key))) {
                lock.release();
                return null;
            }
            held = true;
            return new ReportLock(key, true, local, channel, lock);
        } finally {
            if (!held) {
                channel.close();
            }
        }
    }

    private static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private static BlobDownloaderException busy(Path key) {
        return new BlobDownloaderException(
                "another build has held " + key + " for more than " + WAIT_MILLIS / 1000
                        + " s; if no build is running, delete it",
                false);
    }

    @Override
    public void close() {
        if (delete) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A lock file left behind is taken over by the next writer.
            }
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases the lock too.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        } finally {
            local.unlock();
        }
    }
}
