package io.github.blobdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.LayerTar;
import io.github.blobdownloader.testing.MediaTypes;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.TarGz;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code includes}/{@code excludes}, re-runs that do nothing (counted in the registry's access log), and refusals. */
class ExtractFiltersAndRerunsTest extends ExtractTestBase {

    private static String pushTree(String repo) {
        byte[] tar = new LayerTar()
                .dir("usr", 0755)
                .dir("usr/bin", 0755)
                .dir("usr/share", 0755)
                .dir("usr/share/doc", 0755)
                .dir("opt", 0755)
                .dir("opt/app", 0755)
                .file("usr/bin/tool", "t", 0755)
                .file("usr/bin/tool-debug", "d", 0755)
                .file("usr/share/doc/README", "r")
                .file("opt/app/app.jar", "jar")
                .file("opt/app/app.txt", "txt")
                .symlink("usr/bin/alias", "tool")
                .tar();
        return push(repo, "v1", List.of(LayerTar.gzip(tar)));
    }

    @Test
    void includesAndExcludesChooseThePaths() {
        String image = pushTree("filters/tree");
        Path out = tmp.resolve("rootfs");
        extract(image, out, "usr/bin/**, opt/app/*.jar", "**/*-debug");
        assertEquals(
                List.of("opt", "opt/app", "opt/app/app.jar", "usr", "usr/bin", "usr/bin/alias", "usr/bin/tool"),
                List.copyOf(TreeSnapshot.of(out).keySet()));

        extract(image, out, null, "usr/share/");
        assertEquals(
                List.of(
                        "opt",
                        "opt/app",
                        "opt/app/app.jar",
                        "opt/app/app.txt",
                        "usr",
                        "usr/bin",
                        "usr/bin/alias",
                        "usr/bin/tool",
                        "usr/bin/tool-debug"),
                List.copyOf(TreeSnapshot.of(out).keySet()),
                "changed filters extract again; a trailing / means everything below");
    }

    @Test
    void aRerunOfTheSameDigestAndFiltersRequestsNoBlobAndWritesNothing() throws IOException {
        String image = pushTree("filters/rerun");
        Path out = tmp.resolve("rootfs");
        assertFalse(extract(image, out, "usr/**", null).upToDate());
        long blobGets = accessLog.blobGets("filters/rerun");
        assertEquals(2, blobGets, "config and layer");
        FileTime marker = Files.getLastModifiedTime(out.resolve(ExtractionMarker.FILE_NAME));
        Object inode = Files.getAttribute(out.resolve("usr/bin/tool"), "unix:ino");

        ExtractResult again = extract(image, out, "usr/**", null);

        assertTrue(again.upToDate());
        assertEquals(blobGets, accessLog.blobGets("filters/rerun"), "no blob request");
        assertEquals(marker, Files.getLastModifiedTime(out.resolve(ExtractionMarker.FILE_NAME)));
        assertEquals(inode, Files.getAttribute(out.resolve("usr/bin/tool"), "unix:ino"), "no file rewritten");
        try (var siblings = Files.list(tmp)) {
            assertEquals(
                    List.of(".rootfs.lock", "cache", "rootfs"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList());
        }

        assertFalse(extract(image, tmp.resolve("other"), "usr/**", null).upToDate());
        assertEquals(blobGets, accessLog.blobGets("filters/rerun"), "another output is filled from the cache");
    }

    @Test
    void concurrentExtractionsIntoOneFolderTakeTurnsAndTheSecondDoesNothing() throws Exception {
        String image = pushTree("filters/concurrent");
        Path out = tmp.resolve("rootfs");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> extract(image, out, null, null));
            var second = pool.submit(() -> extract(image, out, null, null));
            assertEquals(
                    1,
                    List.of(first.get(), second.get()).stream()
                            .filter(ExtractResult::upToDate)
                            .count());
        } finally {
            pool.shutdown();
        }
        assertEquals("t", Files.readString(out.resolve("usr/bin/tool")));
    }

    @Test
    void offlineExtractionsOfAPinnedDigestAreServedByTheCache() throws IOException {
        String image = pushTree("filters/offline");
        ExtractResult online = extract(image, tmp.resolve("online"), null, null);
        long requests = accessLog.requests("filters/offline");
        Path out = tmp.resolve("offline");
        extract(
                PullRequest.builder(image.replace(":v1", "@" + online.digest()), out)
                        .offline(true),
                out,
                null,
                null,
                new RecordingLog());
        assertEquals(TreeSnapshot.of(tmp.resolve("online")), TreeSnapshot.of(out));
        assertEquals(requests, accessLog.requests("filters/offline"), "no request at all");
    }

    @Test
    void aLayerWhoseBytesDisagreeWithItsMediaTypeFails() {
        byte[] tar = new LayerTar().file("f", "x").tar();
        String image = push("filters/mislabelled", "v1", List.of(LayerSpec.of(MediaTypes.OCI_LAYER_GZIP, tar)));
        Path out = tmp.resolve("rootfs");
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> extract(image, out));
        assertTrue(e.getMessage().startsWith("layer 1/1 (sha256:"), e.getMessage());
        assertTrue(
                e.getMessage().contains("is gzip by its media type, but its bytes are an uncompressed tar"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void foreignLayersFailBeforeAnyBlobIsFetched() {
        TestImages.pushImage(
                api,
                "filters/foreign",
                "v1",
                Format.DOCKER,
                "windows",
                "amd64",
                null,
                List.of(LayerSpec.dockerForeign(
                        TarGz.tarGz(java.util.Map.of("f", new byte[1])), List.of("https://example.invalid/layer"))),
                TestImages.DEFAULT_CREATED);
        Path out = tmp.resolve("rootfs");
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> extract(image("filters/foreign:v1"), out));
        assertTrue(e.getMessage().contains("is a foreign (non-distributable) layer"), e.getMessage());
        assertEquals(0, accessLog.blobGets("filters/foreign"));
        assertFalse(Files.exists(out));
    }
}
