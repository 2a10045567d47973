package io.github.blobdownloader.cache;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to fill one digest's cache entry, across threads and across processes. A file lock on
 * {@code locks/<algorithm>/<hex>.lock} guards against other Maven processes; since the JVM grants file locks
 * per process, threads of this process first queue on an in-memory lock for the same file.
 * Lock files are left in place: deleting them would let two processes lock different files of one name.
 */
final class DigestLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private DigestLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the digest's lock. */
    static DigestLock acquire(Path cacheRoot, Digest digest) {
        Path file = cacheRoot.resolve("locks").resolve(digest.algorithm()).resolve(digest.hex() + ".lock")
                .toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new DigestLock(threadLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw new BlobDownloaderException("cannot lock " + file + " in the blob cache: " + e.getMessage()
                    + "; check <cacheDirectory> (-Dblob.cacheDirectory) is writable", false, e);
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it as well.
        } finally {
            closeQuietly(channel);
            threadLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
