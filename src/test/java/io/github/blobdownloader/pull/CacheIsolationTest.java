package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TarGz;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/**
 * Two projects share one blob cache. Whatever is done to one project's output in place (as root, so file
 * modes do not stop it) must not reach the cache or the other project: the second pull gets the registry's
 * bytes, which skopeo and umoci accept.
 */
class CacheIsolationTest extends ProxiedRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private long seed;

    @Override
    PushedImage push(int n) {
        seed = 1300L + n;
        return TestImages.pushImage(
                api, "isolation/app" + n, "v1", Format.OCI, "linux", "amd64", null, 2, 40_000, seed);
    }

    @Test
    void anEditInOneProjectsOutputReachesNeitherTheCacheNorAnotherProject() throws Exception {
        Path cache = out.resolve("cache");
        Path first = out.resolve("project1/target/downloaded_blobs");
        Path second = out.resolve("project2/target/downloaded_blobs");
        pull(first, "blobs", cache);

        editInPlace(layerFile(first, 0));

        PullResult result = pull(second, "blobs", cache);
        // The first pull linked what it downloaded; the edit reached that entry, which the second pull finds
        // shared, verifies, rejects and fetches again. The untouched blobs come from the cache.
        assertEquals(2, result.blobsFromCache(), "the untouched blobs served by the cache");
        assertEquals(1, result.blobsDownloaded(), "the edited one fetched again");
        FaultScenario.assertComplete(second, image);
        editInPlace(layerFile(first, 1));
        FaultScenario.assertComplete(second, image);
    }

    /** An edit, then mvn clean: the entry has one name again, but its change time gives the edit away. */
    @Test
    void anEditFollowedByACleanIsCaughtToo() throws Exception {
        Path cache = out.resolve("cache");
        Path first = out.resolve("project1/target/downloaded_blobs");
        Path second = out.resolve("project2/target/downloaded_blobs");
        pull(first, "blobs", cache);
        editInPlace(layerFile(first, 0));
        RegistryServer.deleteRecursively(first);

        PullResult result = pull(second, "blobs", cache);

        assertEquals(1, result.blobsDownloaded(), "the edited entry is verified, rejected and fetched again");
        FaultScenario.assertComplete(second, image);
    }

    /** A cold pull writes each blob once: the output file is the cache entry's second name. */
    @Test
    void aColdPullLinksAndAWarmOneCopies() throws Exception {
        Path cache = out.resolve("cache");
        Path first = out.resolve("project1/target/downloaded_blobs");
        Path second = out.resolve("project2/target/downloaded_blobs");
        pull(first, "blobs", cache);
        Path entry = cache.resolve("blobs/sha256")
                .resolve(image.layers().get(0).digest().substring(7));
        assertTrue(Files.isSameFile(entry, layerFile(first, 0)));

        pull(second, "blobs", cache);

        assertFalse(Files.isSameFile(layerFile(second, 0), layerFile(first, 0)));
        assertFalse(Files.isSameFile(layerFile(second, 0), entry));
        FaultScenario.assertComplete(second, image);
    }

    @Test
    void aSecondProjectsOciLayoutIsReadBySkopeoAndUmociAfterAnEditInTheFirst() throws Exception {
        Path cache = out.resolve("cache");
        Path first = out.resolve("project1/oci");
        Path second = out.resolve("project2/oci");
        pull(first, "oci", cache);

        for (PushedImage.Layer layer : image.layers()) {
            editInPlace(first.resolve("blobs/sha256").resolve(layer.digest().substring(7)));
        }
        pull(second, "oci", cache);

        ExternalTool skopeo = ExternalTool.skopeo();
        skopeo.run("copy", "oci:" + second + ":v1", "dir:" + out.resolve("copy"));
        assertEquals(
                image.manifestDigest(),
                JSON.readTree(skopeo.run("inspect", "oci:" + second + ":v1"))
                        .path("Digest")
                        .asText());
        Path bundle = out.resolve("bundle");
        ExternalTool.umoci().run("unpack", "--rootless", "--image", second + ":v1", bundle.toString());
        long layer0 = seed * 1_000_003L;
        assertArrayEquals(
                TarGz.randomBytes(layer0, 40_000),
                Files.readAllBytes(bundle.resolve("rootfs/data/random-" + Long.toHexString(layer0) + ".bin")),
                "umoci unpacked layer 0");
    }

    /**
     * Earlier versions placed outputs as hard links to the cache entry, and such outputs are still around:
     * an edit through one changes the entry itself. The next pull must notice and download the blob again.
     */
    @Test
    void aCacheEntryChangedThroughAHardLinkIsDownloadedAgain() throws Exception {
        Path cache = out.resolve("cache");
        pull(out.resolve("project1"), "blobs", cache);
        PushedImage.Layer layer = image.layers().get(0);
        Path entry = cache.resolve("blobs/sha256").resolve(layer.digest().substring(7));
        Path oldOutput = Files.createLink(
                Files.createDirectories(out.resolve("old-project")).resolve("layer.tar.gz"), entry);

        editInPlace(oldOutput);

        Path second = out.resolve("project2");
        PullResult result = pull(second, "blobs", cache);
        FaultScenario.assertComplete(second, image);
        assertEquals(1, result.blobsDownloaded(), "the changed layer came from the registry again");
        assertEquals(2, proxy.requests(FaultScenario.layerPath(image, 0)).size());
        assertTrue(log.contains("Cached blob " + layer.digest()), log.text());
        assertArrayEquals(layer.bytes(), Files.readAllBytes(entry), "the cache holds the right bytes again");
        assertFalse(Files.isSameFile(entry, oldOutput), "and no longer shares them with the old output");
    }

    private PullResult pull(Path dir, String layout, Path cache) {
        return FaultScenario.pull(
                FaultScenario.request(proxy, image, dir).layout(layout).cacheDirectory(cache), log);
    }

    private Path layerFile(Path dir, int index) {
        return dir.resolve(image.layers().get(index).digest().substring(7) + ".tar.gz");
    }

    /** Overwrites some bytes in the middle of the file, through the existing name, keeping its size. */
    private static void editInPlace(Path file) throws IOException {
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("edited in place".getBytes(StandardCharsets.UTF_8)), size / 2);
        }
        assertEquals(size, Files.size(file));
    }
}
