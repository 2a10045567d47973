package io.github.blobdownloader.layout;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A write that failed because the volume is full. The partial file of the failed download is deleted (a
 * later, smaller pull would otherwise fail for want of the space it holds), and the message names other
 * partial files in the folder: left by killed builds, they hold space too.
 */
final class DiskFull {

    /** What the JDK reports for {@code ENOSPC} and {@code EDQUOT} (the operating system's own text). */
    private static final List<String> MESSAGES = List.of("No space left on device", "Disk quota exceeded");

    private DiskFull() {}

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof IOException && message != null && MESSAGES.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    static BlobDownloaderException failure(Path target, Path partial, FolderParameter folder, IOException e) {
        long freed = sizeOrZero(partial);
        AtomicFiles.deleteQuietly(partial);
        List<Path> others = otherPartials(partial);
        long held = others.stream().mapToLong(DiskFull::sizeOrZero).sum();
        return new BlobDownloaderException(
                "cannot write " + target + ": " + e.getMessage()
                        + "; its partial download was deleted (" + freed + " bytes)"
                        + (others.isEmpty()
                                ? ""
                                : "; " + others.size() + " other partial download(s) of " + held + " bytes are in "
                                        + partial.getParent() + " (.*.partial): delete them when no build runs")
                        + "; free space on that volume or point " + folder.named() + " at a larger one",
                false,
                e);
    }

    private static List<Path> otherPartials(Path partial) {
        try (Stream<Path> files = Files.list(partial.getParent())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".partial") && !p.equals(partial))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
