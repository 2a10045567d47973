package io.github.blobdownloader.layout;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write one file, between threads of this JVM and between processes (two builds
 * sharing an output folder). Held as an OS lock on a hidden {@code .lock} file, which the operating system
 * releases when a process dies, even by {@code kill -9}.
 *
 * <p>The lock file is deleted on release so folders stay clean. A waiter may then hold a lock on a deleted
 * file while a newcomer locks a fresh one; to rule that out, each holder writes a token into the file it
 * locked and checks that the path still shows that token.
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
                FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                try {
                    FileLock lock = channel.lock();
                    byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(token), 0);
                    channel.force(false);
                    if (showsToken(key, token)) {
                        return new DownloadLock(key, threadLock, channel, lock);
                    }
                    // The previous holder deleted the file we waited on; lock the current one instead.
                    channel.close();
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }

    private static boolean showsToken(Path path, byte[] token) throws IOException {
        try {
            return Arrays.equals(Files.readAllBytes(path), token);
        } catch (NoSuchFileException gone) {
            return false;
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
