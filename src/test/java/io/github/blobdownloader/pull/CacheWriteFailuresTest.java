package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A cache that cannot be written is named as the cache ({@code <cacheDirectory>}), not as the output; and a
 * full disk does not leave behind the partial download that filled it.
 */
class CacheWriteFailuresTest extends ProxiedRegistryTest {

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "cachefail/app" + n, "v1", Format.OCI, "linux", "amd64", null, 2, 50_000, 1400 + n);
    }

    /**
     * The layer's partial file in the cache is {@code /dev/full}, on which every write fails with the
     * kernel's {@code ENOSPC}, as on a full volume.
     */
    @Test
    void aFullDiskDeletesThePartialDownloadAndSaysWhatElseHoldsSpace() throws Exception {
        Path cache = out.resolve("cache");
        Path blobs = Files.createDirectories(cache.resolve("blobs/sha256"));
        String hex = image.layers().get(0).digest().substring(7);
        Path partial = Files.createSymbolicLink(blobs.resolve("." + hex + ".partial"), Path.of("/dev/full"));
        Path leftover = Files.write(blobs.resolve("." + "ab".repeat(32) + ".partial"), new byte[1000]);

        BlobDownloaderException e = FaultScenario.pullFails(request(cache).parallelism(1), log);

        assertTrue(
                e.getMessage().startsWith("cannot write " + blobs.resolve(hex) + ": No space left on device;"),
                e.getMessage());
        assertTrue(e.getMessage().contains("its partial download was deleted"), e.getMessage());
        assertTrue(
                e.getMessage().contains("1 other partial download(s) of 1000 bytes are in " + blobs), e.getMessage());
        assertTrue(
                e.getMessage().endsWith("free space on that volume or point ⟨cacheDirectory⟩" + " at a larger one"),
                e.getMessage());
        assertFalse(e.getMessage().contains("outputDirectory"), e.getMessage());
        assertFalse(Files.exists(partial, LinkOption.NOFOLLOW_LINKS), "the partial download is gone");
        assertTrue(Files.exists(leftover), "another build's partial is only named, never deleted");

        PullResult again = FaultScenario.pull(request(cache), log);
        assertEquals(3, again.blobsDownloaded() + again.blobsFromCache() + again.blobsReused());
        FaultScenario.assertComplete(out.resolve("target"), image);
    }

    @Test
    void aCacheFolderThatCannotBeCreatedIsNamedAsTheCache() throws Exception {
        Path cache = Files.writeString(out.resolve("not-a-folder"), "a file where the cache should be");

        BlobDownloaderException e = FaultScenario.pullFails(request(cache), log);

        assertTrue(e.getMessage().startsWith("cannot write " + cache.resolve("blobs/sha256")), e.getMessage());
        assertTrue(e.getMessage().endsWith("check ⟨cacheDirectory⟩ is writable and has space"), e.getMessage());
        assertFalse(Files.exists(out.resolve("target")), "nothing written to the output");
    }

    private PullRequest.Builder request(Path cache) {
        return FaultScenario.request(proxy, image, out.resolve("target")).cacheDirectory(cache);
    }
}
