package io.github.blobdownloader.cache;

import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.ContentCheck;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cache entries that have a name outside the cache. Earlier versions placed outputs as hard links, so an
 * edit in an output folder changed the entry: such an entry is trusted only after a verified copy of it
 * has replaced it, which also cuts the link, so later pulls find a private entry and trust it cheaply.
 */
final class SharedEntries {

    private SharedEntries() {}

    /** Whether the file has more names than its entry, or the file system cannot tell (then: assume so). */
    static boolean linkedElsewhere(Path file) {
        try {
            return !(Files.getAttribute(file, "unix:nlink") instanceof Integer links) || links > 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return true;
        }
    }

    /**
     * Copies the entry beside itself, hashing on the way, and renames the copy over it when the bytes match
     * the digest. Another build doing the same at once renames identical bytes.
     *
     * @return whether the entry matched its digest (and is now a file of its own)
     */
    static boolean detach(Path file, Digest digest) throws IOException {
        Path copy = AtomicFiles.tempFileFor(file, ".verify");
        try {
            if (!ContentCheck.copyVerified(file, copy, digest)) {
                return false;
            }
            AtomicFiles.move(copy, file);
            return true;
        } finally {
            AtomicFiles.deleteQuietly(copy);
        }
    }
}
