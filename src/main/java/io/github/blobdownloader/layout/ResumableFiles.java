package io.github.blobdownloader.layout;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Writes large files so that an interrupted download can continue where it stopped, even in a later
 * build after {@code kill -9}: the content grows in {@code .<name>.partial} beside the target, which keeps
 * its name across runs, and is renamed into place only once the filler has verified it. One writer at a
 * time per target, across threads and processes ({@link DownloadLock}); a second build waits, then finds
 * the file present, or takes over the partial if the first one failed.
 *
 * <p>Small files use {@link AtomicFiles}.
 */
public final class ResumableFiles {

    /**
     * Completes a partial file that may already hold the first bytes from an earlier attempt or build.
     * It must leave only bytes it is sure of (truncate what it found wrong) and throw unless the file is
     * complete and verified.
     */
    @FunctionalInterface
    public interface PartialFiller {
        void fill(Path partial) throws IOException;
    }

    private ResumableFiles() {}

    /** The partial file of {@code target}. */
    public static Path partialOf(Path target) {
        return target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".partial");
    }

    /**
     * Writes {@code target} through {@code filler}, unless {@code present} says it is already there (checked
     * after waiting for any other writer). A failure keeps the partial file for the next attempt, except when
     * the volume is full: then it is deleted, since it holds space the next build needs.
     *
     * @param folder the parameter naming the folder {@code target} is in, for messages
     * @return {@code false} when the target was already present and nothing was written
     */
    public static boolean write(Path target, FolderParameter folder, BooleanSupplier present, PartialFiller filler) {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = partialOf(target);
        try {
            AtomicFiles.ensureDirectory(dir);
            try (DownloadLock lock = DownloadLock.acquire(dir.resolve("." + target.getFileName() + ".lock"))) {
                if (present.getAsBoolean()) {
                    return false;
                }
                try {
                    filler.fill(partial);
                    AtomicFiles.move(partial, target);
                } finally {
                    deleteIfEmpty(partial);
                }
                return true;
            }
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while writing " + target, false, e);
        } catch (IOException e) {
            if (DiskFull.is(e)) {
                throw DiskFull.failure(target, partial, folder, e);
            }
            throw new BlobDownloaderException(
                    "cannot write " + target + ": " + e.getMessage() + "; " + folder.checkWritable(), false, e);
        }
    }

    private static void deleteIfEmpty(Path partial) {
        try {
            if (Files.isRegularFile(partial) && Files.size(partial) == 0) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException ignored) {
            // An empty leftover is harmless: the next run starts from zero either way.
        }
    }
}
