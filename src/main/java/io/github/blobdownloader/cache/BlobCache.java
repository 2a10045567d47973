package io.github.blobdownloader.cache;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.ContentCheck;
import io.github.blobdownloader.layout.FolderParameter;
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
 *
 * <p>An entry reaches the output of the pull that downloaded it as a hard link, and every other output as a
 * copy. Nothing unverified is served: an entry with another name (that link, an old hard-linked output, a
 * link made by hand) may have been changed through it, so it is verified by a hashing copy that replaces it;
 * an entry with one name is trusted only while its ctime is the one stamped when it was last known good
 * ({@link EntryStamps}), else re-hashed. One that no longer matches its digest is treated as missing.
 */
public final class BlobCache {

    /** The folder under the user's cache home. */
    public static final String FOLDER_NAME = "blob-downloader";
    /** The largest entry {@link #read} holds in memory: the largest manifest a registry may serve. */
    public static final int MAX_READ_BYTES = 4 * 1024 * 1024;

    private final Path root;
    private final Log log;

    public BlobCache(Path root) {
        this(root, Log.silent());
    }

    /** @param log warned about entries found changed */
    public BlobCache(Path root, Log log) {
        this.root = root.toAbsolutePath().normalize();
        this.log = log;
    }

    /**
     * {@code $XDG_CACHE_HOME/blob-downloader} when that variable holds an absolute path, else
     * {@code ~/.cache/blob-downloader} (on every OS, so the place is easy to find and to clean).
     */
    public static Path defaultDirectory(String xdgCacheHome, String userHome) {
        if (xdgCacheHome != null
                && !xdgCacheHome.isBlank()
                && Path.of(xdgCacheHome).isAbsolute()) {
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

    /** Whether an entry of the right size is there, unverified: for estimates, never for serving. */
    public boolean holds(Digest digest, long size) {
        return ContentCheck.hasSize(file(digest), size);
    }

    /**
     * The cached entry, when it is there with the right size and known good: its content is re-hashed when
     * {@code rehash}, and whenever it has another name through which it may have been changed.
     */
    public Optional<Path> find(Digest digest, long size, boolean rehash) {
        Optional<Path> found = lookup(digest, size, rehash);
        if (found.isEmpty() && ContentCheck.hasSize(file(digest), size)) {
            log.warn("Cached blob " + digest + " (" + file(digest) + ") no longer matches its digest: it was changed"
                    + " in place (through a hard link an earlier version placed in an output folder, or in the cache"
                    + " folder itself); it is not used, and is downloaded again unless offline (-o)");
        }
        return found;
    }

    private Optional<Path> lookup(Digest digest, long size, boolean rehash) {
        Path file = file(digest);
        if (!ContentCheck.hasSize(file, size)) {
            return Optional.empty();
        }
        try {
            boolean good;
            if (SharedEntries.linkedElsewhere(file)) {
                good = SharedEntries.detach(file, digest);
            } else {
                // One name, and untouched since it was last known good: trusted without reading it.
                good = !rehash && EntryStamps.unchanged(file) || ContentCheck.hashes(file, digest);
            }
            if (good) {
                EntryStamps.stamp(file);
            }
            return good ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot verify cache entry " + file + ": " + e.getMessage() + "; "
                            + FolderParameter.CACHE.checkWritable(),
                    false,
                    e);
        }
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
        boolean written = ResumableFiles.write(
                file, FolderParameter.CACHE, () -> lookup(digest, size, rehash).isPresent(), download);
        return new Entry(file, !written);
    }

    /**
     * Records that {@code entry} is known good as it is now: after a fresh download has been placed (a link into
     * the output changes the entry's ctime, so the stamp is taken after it).
     */
    public void stamp(Entry entry) {
        EntryStamps.stamp(entry.file());
    }

    /**
     * A small entry (a manifest, a signature), read whole and checked against its digest; empty when absent,
     * wrong, or larger than {@link #MAX_READ_BYTES}: a manifest may name a cached layer's digest.
     */
    public Optional<byte[]> read(Digest digest) {
        Path file = file(digest);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_READ_BYTES) {
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
        ResumableFiles.write(
                file(digest),
                FolderParameter.CACHE,
                () -> read(digest).isPresent(),
                partial -> Files.write(partial, content));
    }

    /**
     * Puts the entry's content at {@code target}, which appears complete or not at all: an atomic copy, or
     * when {@code mayLink} (see {@link io.github.blobdownloader.layout.OutputLayout#mayLinkFromCache}) a hard
     * link where the file system allows one (same volume, links supported). Returns how it was placed.
     */
    public static Placement place(Path entry, Path target, boolean mayLink) {
        if (mayLink && link(entry, target)) {
            return Placement.LINKED;
        }
        AtomicFiles.write(target, copy -> Files.copy(entry, copy, StandardCopyOption.REPLACE_EXISTING));
        return Placement.COPIED;
    }

    private static boolean link(Path entry, Path target) {
        Path temp = AtomicFiles.tempFileFor(target, ".link");
        try {
            AtomicFiles.ensureDirectory(temp.getParent());
            Files.createLink(temp, entry);
            AtomicFiles.move(temp, target);
            // When another build linked the same entry there first, both names are links to one file and
            // rename(2) does nothing, leaving the temp name behind.
            AtomicFiles.deleteQuietly(temp);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException noLink) {
            AtomicFiles.deleteQuietly(temp);
            return false;
        }
    }

    /**
     * A cache entry ready to be placed.
     *
     * @param file the entry's file in the cache
     * @param hit  whether it was already there (no download)
     */
    public record Entry(Path file, boolean hit) {}

    /** How a blob reached the output. */
    public enum Placement {
        LINKED,
        COPIED
    }
}
