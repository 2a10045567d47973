package io.github.blobdownloader.cache;

import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.ContentCheck;
import io.github.blobdownloader.layout.ResumableFiles;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A content-addressable store shared by every build of a user: each blob (and manifest) once, under
 * {@code blobs/<algorithm>/<hex>}, named by its digest and only ever written by an atomic rename of a
 * verified temp file. Filling an entry holds a per-digest lock, so when several threads or Maven processes
 * want the same blob one downloads it and the others wait and reuse it.
 */
public final class BlobCache {

    /** The folder under the user's cache home. */
    public static final String FOLDER_NAME = "blob-downloader";

    private final Path root;

    public BlobCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * {@code $XDG_CACHE_HOME/blob-downloader} when that variable holds an absolute path, else
     * {@code ~/.cache/blob-downloader} (on every OS, so the place is easy to find and to clean).
     */
    public static Path defaultDirectory(String xdgCacheHome, String userHome) {
        if (xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()) {
            return Path.of(xdgCacheHome).resolve(FOLDER_NAME);
        }
        return Path.of(userHome, ".cache", FOLDER_NAME);
    }

    public Path root() {
        return root;
    }

    /** Where the entry for {@code digest} lives (it may not be there). */
    public Path file(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** The cached entry, when it is there with the right size (and content, when {@code rehash}). */
    public Optional<Path> find(Digest digest, long size, boolean rehash) {
        Path file = file(digest);
        return ContentCheck.holds(file, digest, size, rehash) ? Optional.of(file) : Optional.empty();
    }

    /**
     * The entry for {@code digest}, filled through {@code download} unless it is already there.
     * {@code download} completes a partial file (it may hold the first bytes of an interrupted earlier
     * attempt) and must verify size and digest before returning, as the registry's blob fetcher does. One
     * writer per entry across threads and processes; the others wait and then reuse the entry.
     */
    public Entry fetch(Digest digest, long size, boolean rehash, ResumableFiles.PartialFiller download) {
        Optional<Path> hit = find(digest, size, rehash);
        if (hit.isPresent()) {
            return new Entry(hit.get(), true);
        }
        Path file = file(digest);
        boolean written = ResumableFiles.write(file, () -> find(digest, size, rehash).isPresent(), download);
        return new Entry(file, !written);
    }

    /** A small entry (a manifest), read whole and checked against its digest; empty when absent or wrong. */
    public Optional<byte[]> read(Digest digest) {
        Path file = file(digest);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return digest.matches(bytes) ? Optional.of(bytes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores small verified content (a manifest) under its digest, unless it is there already. */
    public void store(Digest digest, byte[] content) {
        if (read(digest).isPresent()) {
            return;
        }
        ResumableFiles.write(file(digest), () -> read(digest).isPresent(), partial -> Files.write(partial, content));
    }

    /**
     * Puts the entry's content at {@code target}: a hard link where the file system allows one (same
     * volume, links supported), else an atomic copy. Either way {@code target} appears complete or not at
     * all. Returns how it was placed.
     */
    public static Placement place(Path entry, Path target) {
        Path temp = AtomicFiles.tempFileFor(target, ".link");
        try {
            AtomicFiles.ensureDirectory(temp.getParent());
            Files.createLink(temp, entry);
            AtomicFiles.move(temp, target);
            // When another build linked the same entry there first, both names are links to one file and
            // rename(2) does nothing, leaving the temp name behind.
            AtomicFiles.deleteQuietly(temp);
            return Placement.LINKED;
        } catch (IOException | UnsupportedOperationException | SecurityException noLink) {
            AtomicFiles.deleteQuietly(temp);
        }
        AtomicFiles.write(target, copy -> Files.copy(entry, copy, StandardCopyOption.REPLACE_EXISTING));
        return Placement.COPIED;
    }

    /**
     * A cache entry ready to be placed.
     *
     * @param file the entry's file in the cache
     * @param hit  whether it was already there (no download)
     */
    public record Entry(Path file, boolean hit) {
    }

    /** How a blob reached the output. */
    public enum Placement { LINKED, COPIED }
}
