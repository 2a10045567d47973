package io.github.blobdownloader.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * What an entry's inode looked like when the plugin last knew its bytes were right: its change time (ctime),
 * kept in a hidden {@code .<hex>.ctime} beside it. Any write through any name changes the ctime (and nobody
 * can set it back), so does a link or an unlink; an entry whose ctime still matches has not been touched
 * since, and needs no re-hash. One that does not match is hashed once and stamped again.
 */
final class EntryStamps {

    private EntryStamps() {}

    /** Whether the entry is exactly as it was when last stamped. */
    static boolean unchanged(Path entry) {
        try {
            Path stamp = stampOf(entry);
            return Files.isRegularFile(stamp)
                    && Files.readString(stamp, StandardCharsets.US_ASCII).trim().equals(ctime(entry));
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    /** Records the entry's ctime now; a failure only costs a re-hash later. */
    static void stamp(Path entry) {
        try {
            Path stamp = stampOf(entry);
            Path temp = stamp.resolveSibling(
                    stamp.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
            Files.writeString(temp, ctime(entry), StandardCharsets.US_ASCII);
            Files.move(
                    temp,
                    stamp,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException ignored) {
            // no stamp: the next pull hashes the entry
        }
    }

    private static Path stampOf(Path entry) {
        return entry.resolveSibling("." + entry.getFileName() + ".ctime");
    }

    private static String ctime(Path entry) throws IOException {
        Object value = Files.getAttribute(entry, "unix:ctime");
        if (!(value instanceof FileTime time)) {
            throw new IOException("no ctime");
        }
        // Nanoseconds as digits: an Instant's ISO text would load the JDK's date formatting, a few milliseconds
        // of a small pull's start, for a value nobody reads.
        return Long.toString(time.to(TimeUnit.NANOSECONDS));
    }
}
