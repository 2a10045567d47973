package io.github.blobdownloader.layout;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write one file, between threads of this JVM and between processes (two builds
 * sharing an output folder). Held as an OS lock on a hidden {@code .lock} file, which the operating system
 * releases when a process dies, even by {@code kill -9}.
 *
 * <p>The lock file is deleted on release so folders stay clean. A waiter may then hold a lock on a deleted
 * file while a newcomer locks a fresh one; so after locking, each holder checks that the path still names
 * the file it locked (same file key). The check uses {@code stat} only: opening and closing the file again
 * would drop the lock, which on POSIX belongs to the process, not to the channel.
 */
final class DownloadLock implements AutoCloseable {

    /** The JVM refuses a second lock on a file it already locked; threads queue here first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path path;
    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock lock;

    private DownloadLock(Path path, ReentrantLock threadLock, FileChannel channel, FileLock lock) {
        this.path = path;
        this.threadLock = threadLock;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this thread may write what {@code path} guards; interruptible. */
    static DownloadLock acquire(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            threadLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + path);
        }
        try {
            while (true) {
                DownloadLock held = tryLockCurrentFile(key, threadLock);
                if (held != null) {
                    return held;
                }
            }
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }

    /** Locks the file {@code path} names now, or returns {@code null} when the path changed meanwhile. */
    private static DownloadLock tryLockCurrentFile(Path path, ReentrantLock threadLock) throws IOException {
        try {
            Files.createFile(path);
        } catch (FileAlreadyExistsException fine) {
            // Another build's lock file, or a leftover of a killed one: either way, lock it.
        }
        Object before = fileKey(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (NoSuchFileException deletedMeanwhile) {
            return null;
        }
        try {
            // Same key after opening: the channel is the file that path named.
            if (before != null && before.equals(fileKey(path))) {
                FileLock lock = lockDespiteFalseDeadlocks(channel, path);
                // Same key after locking: no holder deleted it while this thread waited.
                if (before.equals(fileKey(path))) {
                    return new DownloadLock(path, threadLock, channel, lock);
                }
            }
            channel.close();
            return null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Linux tracks these locks per process, not per thread, so it reports a deadlock ({@code EDEADLK},
     * "Resource deadlock avoided") when one thread of each of two builds holds a lock the other build's second
     * thread waits for, although every thread would get its lock in turn (locks are always taken in one order:
     * output file, then cache entry). Asking again a moment later is what a blocking lock would have done.
     */
    private static FileLock lockDespiteFalseDeadlocks(FileChannel channel, Path path) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("deadlock")) {
                    throw e;
                }
            }
            try {
                Thread.sleep(5 + ThreadLocalRandom.current().nextInt(45));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + path);
            }
        }
    }

    private static Object fileKey(Path path) throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (key == null) {
                throw new IOException("the file system of " + path + " cannot identify files; cannot lock");
            }
            return key;
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** Deletes the lock file while still holding it, then releases. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(path);
            lock.release();
        } finally {
            channel.close();
            threadLock.unlock();
        }
    }
}
