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
            if (!Files.isRegularFile(stamp)) {
                return false;
            }
            String recorded = Files.readString(stamp, StandardCharsets.US_ASCII).trim();
            FileTime ctime = ctime(entry);
            // Earlier versions wrote the ctime as an ISO instant: still understood, so a cache shared with them
            // is not hashed again on every pull.
            return recorded.equals(nanos(ctime))
                    || recorded.indexOf('T') > 0
                            && recorded.equals(ctime.toInstant().toString());
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
            Files.writeString(temp, nanos(ctime(entry)), StandardCharsets.US_ASCII);
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

    private static FileTime ctime(Path entry) throws IOException {
        Object value = Files.getAttribute(entry, "unix:ctime");
        if (!(value instanceof FileTime time)) {
            throw new IOException("no ctime");
        }
        return time;
    }

    /** Nanoseconds as digits: an Instant's ISO text loads the JDK's date formatting, milliseconds of a small pull. */
    private static String nanos(FileTime time) {
        return Long.toString(time.to(TimeUnit.NANOSECONDS));
    }
}
