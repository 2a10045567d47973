package io.github.blobdownloader.layout;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees either the old file or the complete new one: the content goes to a
 * hidden temp file beside the target, and only a verified temp file is renamed into place.
 */
public final class AtomicFiles {

    /** Fills a temp file; throws if the content is not good. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path tempFile) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code target} through {@code filler}; on any failure the temp file is removed. */
    public static void write(Path target, Filler filler) {
        write(target, FolderParameter.OUTPUT.checkWritable(), filler);
    }

    /** As {@link #write(Path, Filler)}; {@code fix} tells the user what to do when the file cannot be written. */
    public static void write(Path target, String fix, Filler filler) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = tempFileFor(target, ".part");
        try {
            ensureDirectory(dir);
            filler.fill(temp);
            move(temp, target);
        } catch (IOException e) {
            throw new BlobDownloaderException("cannot write " + target + ": " + e.getMessage() + "; " + fix, false, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Writes small in-memory content (manifests, configs, reports). */
    public static void writeBytes(Path target, byte[] content) {
        write(target, temp -> Files.write(temp, content));
    }

    /** Renames {@code temp} over {@code target}, atomically where the file system can. */
    public static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates {@code dir} (and its parents) unless it is a directory already: per blob, one {@code stat}
     * instead of a failing {@code mkdir} and its exception.
     */
    public static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /** A hidden name beside {@code target} for content on its way there. */
    public static Path tempFileFor(Path target, String suffix) {
        // 64 random bits from ThreadLocalRandom (seeded per JVM from the clocks): unique enough among builds,
        // and free, where UUID.randomUUID() first initialises a SecureRandom (~50 ms in a fresh JVM).
        return target.toAbsolutePath()
                .getParent()
                .resolve("." + target.getFileName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
    }

    /** Removes a file if it is there; a leftover hidden temp file is never mistaken for a blob. */
    public static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .part file is never mistaken for a blob.
        }
    }
}
