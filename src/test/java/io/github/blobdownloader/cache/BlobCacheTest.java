package io.github.blobdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {

    private static final byte[] CONTENT = "the one blob both processes want".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256Of(CONTENT);

    @TempDir
    Path dir;

    /**
     * Another JVM holds the digest's lock while it downloads; this process must wait for it and reuse its
     * entry instead of downloading the blob a second time.
     */
    @Test
    void aSecondProcessWaitsForTheFirstAndReusesItsEntry() throws Exception {
        Path root = dir.resolve("cache");
        Process other = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SlowFiller.class.getName(),
                        root.toString(),
                        new String(CONTENT, StandardCharsets.UTF_8))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("other.log").toFile())
                .start();
        try {
            awaitTempFile(root, other);

            BlobCache.Entry entry = new BlobCache(root)
                    .fetch(
                            DIGEST,
                            CONTENT.length,
                            false,
                            temp -> fail("downloaded although another process was filling the entry"));

            assertTrue(entry.hit());
            assertArrayEquals(CONTENT, Files.readAllBytes(entry.file()));
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue(), Files.readString(dir.resolve("other.log")));
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void placesACopyUnlessLinkingIsAllowed() throws Exception {
        BlobCache cache = new BlobCache(dir.resolve("cache"));
        BlobCache.Entry entry = cache.fetch(DIGEST, CONTENT.length, false, temp -> Files.write(temp, CONTENT));
        Path target = dir.resolve("out/blob.tar.gz");

        assertEquals(BlobCache.Placement.COPIED, BlobCache.place(entry.file(), target, false));
        assertFalse(Files.isSameFile(entry.file(), target), "an edit of the output cannot reach the entry");
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        BlobCache.place(entry.file(), target, false);
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temp file left");
        }
    }

    @Test
    void placesByHardLinkWhenAllowedAndLeavesNoTempFile() throws Exception {
        BlobCache cache = new BlobCache(dir.resolve("cache"));
        BlobCache.Entry entry = cache.fetch(DIGEST, CONTENT.length, false, temp -> Files.write(temp, CONTENT));
        Path target = dir.resolve("out/blob.tar.gz");

        BlobCache.Placement how = BlobCache.place(entry.file(), target, true);
        // A second link over the first: rename(2) of two links to one file does nothing.
        BlobCache.place(entry.file(), target, true);

        assertEquals(BlobCache.Placement.LINKED, how);
        assertTrue(Files.isSameFile(entry.file(), target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void placingTwiceLeavesNoTempFile() throws Exception {
        BlobCache cache = new BlobCache(dir.resolve("cache"));
        BlobCache.Entry entry = cache.fetch(DIGEST, CONTENT.length, false, temp -> Files.write(temp, CONTENT));
        Path target = dir.resolve("out/blob.tar.gz");
        BlobCache.place(entry.file(), target, true);

        // Two images in one folder sharing a layer place it twice: the second rename is onto the same file.
        BlobCache.place(entry.file(), target, true);

        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(
                    List.of("blob.tar.gz"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anEntryChangedInPlaceIsNotFound() throws Exception {
        BlobCache cache = new BlobCache(dir.resolve("cache"));
        Path file = cache.fetch(DIGEST, CONTENT.length, false, temp -> Files.write(temp, CONTENT))
                .file();
        byte[] corrupt = CONTENT.clone();
        corrupt[0] ^= 1;
        Files.write(file, corrupt);

        // Written after it was last known good: its change time gives it away, rehash or not.
        assertFalse(cache.find(DIGEST, CONTENT.length, false).isPresent());
        assertFalse(cache.find(DIGEST, CONTENT.length, true).isPresent());
    }

    /**
     * A manifest or signature names any digest it likes, a cached layer's of gigabytes too: {@code read}, which
     * holds the whole entry in memory, must not take more than a manifest can be.
     */
    @Test
    void aLargeEntryIsNotReadIntoMemory() throws Exception {
        BlobCache cache = new BlobCache(dir.resolve("cache"));
        byte[] layer = new byte[BlobCache.MAX_READ_BYTES + 1];
        Digest digest = Digest.sha256Of(layer);
        cache.fetch(digest, layer.length, false, temp -> Files.write(temp, layer));

        assertFalse(cache.read(digest).isPresent(), "refused unread, as a manifest or signature that large would be");
        assertTrue(cache.find(digest, layer.length, false).isPresent(), "still served as the blob it is");
    }

    private static void awaitTempFile(Path root, Process other) throws IOException, InterruptedException {
        Path blobs = root.resolve("blobs/sha256");
        for (int i = 0; i < 300; i++) {
            if (Files.isDirectory(blobs)) {
                try (Stream<Path> files = Files.list(blobs)) {
                    if (files.anyMatch(p -> p.getFileName().toString().endsWith(".partial"))) {
                        return;
                    }
                }
            }
            if (!other.isAlive()) {
                fail("the other process ended before it started filling the entry");
            }
            Thread.sleep(50);
        }
        fail("the other process never started filling the entry");
    }

    /** The other process: fills the entry slowly while holding its lock. */
    public static final class SlowFiller {
        public static void main(String[] args) {
            byte[] content = args[1].getBytes(StandardCharsets.UTF_8);
            new BlobCache(Path.of(args[0])).fetch(Digest.sha256Of(content), content.length, false, temp -> {
                Files.write(temp, content);
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
