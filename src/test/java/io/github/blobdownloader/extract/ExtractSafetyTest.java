package io.github.blobdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.testing.LayerTar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile layers, one per escape route: each fails with one line naming the layer and the entry, writes
 * nothing outside the output, and leaves no tree (or the previous, intact one) under the final name.
 */
class ExtractSafetyTest extends ExtractTestBase {

    private static int pushed;

    private Path outside;
    private Path output;

    @BeforeEach
    void folders() throws IOException {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "keep me");
        output = tmp.resolve("work/rootfs");
    }

    @Test
    void dotDotNamesAreRefused() throws IOException {
        refused(
                dir -> new LayerTar().file("ok", "fine").file("../../outside/dotdot", "escaped"),
                "'../../outside/dotdot'",
                "a '..' part");
    }

    @Test
    void absoluteNamesAreRefused() throws IOException {
        refused(
                dir -> new LayerTar().file(outside.resolve("absolute") + "", "escaped"),
                "'" + outside.resolve("absolute") + "'",
                "its name is absolute");
    }

    @Test
    void filesThroughAnAbsoluteSymlinkAreRefused() throws IOException {
        refused(
                dir -> new LayerTar().symlink("link", outside.toString()).file("link/planted", "escaped"),
                "'link/planted'",
                "its parent 'link' is a symlink");
    }

    @Test
    void filesThroughARelativeSymlinkAreRefused() throws IOException {
        refused(
                dir -> new LayerTar().symlink("up", "../../outside").file("up/planted", "escaped"),
                "'up/planted'",
                "its parent 'up' is a symlink");
    }

    @Test
    void aSymlinkPlantedByALowerLayerIsNotFollowedEither() throws IOException {
        byte[] lower = new LayerTar().symlink("etc", outside.toString()).tar();
        byte[] upper = new LayerTar().file("etc/planted", "escaped").tar();
        refused(List.of(lower, upper), "layer 2/2", "'etc/planted'", "its parent 'etc' is a symlink");
    }

    @Test
    void whiteoutsThroughASymlinkAreRefused() throws IOException {
        byte[] lower = new LayerTar().symlink("etc", outside.toString()).tar();
        byte[] upper = new LayerTar().whiteout("etc/victim").tar();
        refused(List.of(lower, upper), "layer 2/2", "'etc/.wh.victim'", "its parent 'etc' is a symlink");
    }

    @Test
    void hardLinksOutsideTheRootAreRefused() throws IOException {
        refused(
                dir -> new LayerTar().hardLink("stolen", "../../outside/victim"),
                "'stolen'",
                "hard link to '../../outside/victim', outside the image");
        refused(
                dir -> new LayerTar()
                        .hardLink("stolen", outside.resolve("victim").toString()),
                "'stolen'",
                "outside the image (its name is absolute)");
    }

    @Test
    void hardLinksThroughASymlinkAreRefused() throws IOException {
        refused(
                dir -> new LayerTar().symlink("link", outside.toString()).hardLink("stolen", "link/victim"),
                "'stolen'",
                "its parent 'link' is a symlink");
    }

    @Test
    void aRefusedExtractionLeavesThePreviousOutputIntact() throws IOException {
        push(List.of(new LayerTar().file("good", "good").tar()), "safety/good");
        extract("safety/good");
        Map<String, String> before = TreeSnapshot.of(output);
        push(
                List.of(new LayerTar()
                        .file("new", "new")
                        .symlink("link", outside.toString())
                        .file("link/planted", "x")
                        .tar()),
                "safety/bad");
        assertThrows(BlobDownloaderException.class, () -> extract("safety/bad"));
        assertEquals(before, TreeSnapshot.of(output));
        assertTrue(Files.exists(output.resolve(ExtractionMarker.FILE_NAME)));
        assertNothingElse();
    }

    @Test
    void aLayerThatBreaksOffMidwayLeavesThePreviousOutputAndNoWorkingFolder() throws IOException {
        push(List.of(new LayerTar().file("good", "good").tar()), "safety/before-break");
        extract("safety/before-break");
        Map<String, String> before = TreeSnapshot.of(output);
        byte[] whole =
                new LayerTar().file("a", "a".repeat(100_000)).file("b", "b").tar();
        push("safety/broken", "v1", List.of(LayerTar.gzip(java.util.Arrays.copyOf(whole, whole.length / 2))));
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> extract("safety/broken"));
        assertTrue(e.getMessage().startsWith("cannot apply layer 1/1 (sha256:"), e.getMessage());
        assertTrue(e.getMessage().contains("either the layer is broken"), e.getMessage());
        assertEquals(before, TreeSnapshot.of(output));
        assertNothingElse();
    }

    @Test
    void workingFoldersOfAKilledExtractionAreCleanedUp() throws IOException {
        Files.createDirectories(output.resolveSibling(".rootfs.staging-0123abcd/half/tree"));
        Files.createDirectories(output.resolveSibling(".rootfs.pull-4567cdef"));
        Files.createDirectories(output.resolveSibling(".other.staging-0123abcd"));
        push(List.of(new LayerTar().file("good", "good").tar()), "safety/after-kill");
        extract("safety/after-kill");
        try (var names = Files.list(output.getParent())) {
            assertEquals(
                    List.of(".other.staging-0123abcd", ".rootfs.lock", "rootfs"),
                    names.map(p -> p.getFileName().toString()).sorted().toList(),
                    "another output's folder stays");
        }
    }

    @Test
    void aFolderExtractDidNotWriteIsNeverReplaced() throws IOException {
        Files.createDirectories(output);
        Files.writeString(output.resolve("mine.txt"), "the user's");
        push(List.of(new LayerTar().file("good", "good").tar()), "safety/owned");
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> extract("safety/owned"));
        assertTrue(e.getMessage().startsWith(Setting.OUTPUT_DIRECTORY + " " + output + " exists"), e.getMessage());
        assertEquals("the user's", Files.readString(output.resolve("mine.txt")));
    }

    private void refused(Function<Void, LayerTar> layer, String entry, String reason) throws IOException {
        refused(List.of(layer.apply(null).tar()), "layer 1/1", entry, reason);
    }

    private void refused(List<byte[]> layers, String layer, String entry, String reason) throws IOException {
        String repo = push(layers, "safety/hostile" + (++pushed));
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> extract(repo));
        String line = e.getMessage();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith(layer + " (sha256:"), line);
        assertTrue(line.contains(repo), line);
        assertTrue(line.contains("has the entry " + entry), line);
        assertTrue(line.contains(reason), line);
        assertFalse(Files.exists(output), "no tree under the final name");
        assertNothingElse();
    }

    /** Nothing outside the output: the victim intact and alone, and no working folder left next to it. */
    private void assertNothingElse() throws IOException {
        assertEquals("keep me", Files.readString(outside.resolve("victim")));
        assertEquals(List.of("victim"), RootDirectory.children(outside));
        try (var names = Files.list(output.getParent())) {
            assertEquals(
                    Files.exists(output) ? List.of(".rootfs.lock", "rootfs") : List.of(".rootfs.lock"),
                    names.map(p -> p.getFileName().toString()).sorted().toList(),
                    "only the lock file is left");
        }
        try (var names = Files.list(tmp)) {
            assertEquals(
                    List.of("cache", "outside", "work"),
                    names.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private String push(List<byte[]> layers, String repo) {
        push(repo, "v1", layers.stream().map(LayerTar::gzip).toList());
        return repo;
    }

    private void extract(String repo) {
        extract(image(repo + ":v1"), output);
    }
}
