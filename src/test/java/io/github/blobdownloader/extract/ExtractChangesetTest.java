package io.github.blobdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.Digests;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.LayerTar;
import io.github.blobdownloader.testing.RecordingLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The OCI changeset rules on crafted layers, checked entry by entry and against {@code umoci unpack
 * --rootless} of the same image, file by file; the same tree with a zstd and an uncompressed layer must come
 * out identical.
 */
class ExtractChangesetTest extends ExtractTestBase {

    static final String LONG_DIR = "deep/" + "a".repeat(60) + "/" + "b".repeat(60);
    static final String LONG_PATH = LONG_DIR + "/" + "c".repeat(200 - LONG_DIR.length() - 1);

    static byte[] lower() {
        return new LayerTar()
                .dir("bin", 0755)
                .dir("etc", 0755)
                .dir("data", 0755)
                .dir("var", 0755)
                .dir("var/lib", 0755)
                .dir("var/lib/old", 0755)
                .dir("deep", 0755)
                .dir("deep/" + "a".repeat(60), 0755)
                .dir(LONG_DIR, 0755)
                .file("etc/passwd", "root:x:0:0\n")
                .file("etc/secret", "s3cret", 0600)
                .file("bin/tool", "#!/bin/sh\necho tool\n", 0755)
                .file("etc/gone", "to be whited out")
                .file("var/lib/old/a", "a")
                .file("var/lib/old/b", "b")
                .file("data/becomes-dir", "a file first")
                .dir("data/becomes-file", 0755)
                .file("data/becomes-file/child", "child")
                .file("data/orig", "original content")
                .hardLink("data/hl-same-layer", "data/orig")
                .symlink("link1", "link2")
                .symlink("link2", "bin/tool")
                .symlink("abs", "/etc/passwd")
                .file("data/empty", "")
                .file(LONG_PATH, "long name")
                .tar();
    }

    static byte[] middle() {
        return new LayerTar()
                .whiteout("etc/gone")
                .dir("var/lib/old", 0750)
                .file("var/lib/old/c", "c, written before the opaque marker")
                .opaque("var/lib/old")
                .dir("data/becomes-dir", 0755)
                .file("data/becomes-dir/inner", "now a directory")
                .file("data/becomes-file", "now a file", 0644)
                .hardLink("data/hl-next-layer", "data/orig")
                .file("etc/passwd", "root:x:0:0\nuser:x:1000:1000\n")
                .tar();
    }

    static byte[] upper() {
        return new LayerTar()
                .dir("opt", 0755)
                .file("opt/run.sh", "#!/bin/sh\n", 0755)
                .whiteout("link1")
                .symlink("link1", "abs")
                .whiteout("etc/secret")
                .tar();
    }

    private String push(String repo, Function<byte[], LayerSpec> middleAs, Function<byte[], LayerSpec> upperAs) {
        return push(repo, "v1", List.of(LayerTar.gzip(lower()), middleAs.apply(middle()), upperAs.apply(upper())));
    }

    @Test
    void appliesWhiteoutsOpaqueDirectoriesLinksAndReplacements() throws IOException {
        Path out = extract(push("extract/rules", LayerTar::gzip, LayerTar::gzip), tmp.resolve("rootfs"));

        assertFalse(Files.exists(out.resolve("etc/gone")), "whiteout deletes the lower file");
        assertFalse(Files.exists(out.resolve("etc/secret")), "whiteout in the top layer");
        assertEquals(
                List.of("c"),
                RootDirectory.children(out.resolve("var/lib/old")),
                "opaque hides lower contents, not what the same layer wrote before the marker");
        assertEquals("now a directory", Files.readString(out.resolve("data/becomes-dir/inner")));
        assertEquals("now a file", Files.readString(out.resolve("data/becomes-file")));
        assertEquals("original content", Files.readString(out.resolve("data/hl-next-layer")));
        assertEquals(
                Files.getAttribute(out.resolve("data/orig"), "unix:ino"),
                Files.getAttribute(out.resolve("data/hl-next-layer"), "unix:ino"),
                "hard link across layers");
        assertEquals(3, Files.getAttribute(out.resolve("data/orig"), "unix:nlink"));
        assertEquals(Path.of("abs"), Files.readSymbolicLink(out.resolve("link1")), "a later symlink replaces");
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(out.resolve("abs")), "absolute target verbatim");
        assertEquals(
                "user:x:1000:1000",
                Files.readAllLines(out.resolve("etc/passwd")).get(1));
        assertEquals(0, Files.size(out.resolve("data/empty")));
        assertEquals(200, LONG_PATH.length());
        assertEquals("long name", Files.readString(out.resolve(LONG_PATH)));
        assertEquals("rwxr-xr-x", mode(out.resolve("bin/tool")));
        assertEquals("rwxr-x---", mode(out.resolve("var/lib/old")), "the upper directory's mode wins");
        assertEquals(
                LayerTar.MTIME,
                Files.getLastModifiedTime(out.resolve("bin/tool")).toInstant());
        assertEquals(
                LayerTar.MTIME,
                Files.getLastModifiedTime(out.resolve("var/lib/old")).toInstant(),
                "directory mtimes survive the writes into them");
        assertEquals(
                LayerTar.MTIME,
                Files.getLastModifiedTime(out.resolve("abs"), LinkOption.NOFOLLOW_LINKS)
                        .toInstant());
        try (var names = Files.walk(out)) {
            assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith(".wh.")), "no whiteout files");
        }
        try (var siblings = Files.list(tmp)) {
            assertEquals(
                    List.of(".rootfs.lock", "cache", "rootfs"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the pull and staging folders are gone");
        }
    }

    @Test
    void theAttachedArchiveUnpacksWithGnuTarToTheSameTree() throws IOException {
        Path out = extract(push("extract/archive", LayerTar::gzip, LayerTar::gzip), tmp.resolve("rootfs"));
        Path archive = tmp.resolve("rootfs.tar");
        RootfsArchive.pack(out, archive);
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        ExternalTool.tar().run("--same-permissions", "-C", unpacked.toString(), "-xf", archive.toString());
        assertEquals(TreeSnapshot.of(out), TreeSnapshot.of(unpacked));
        assertFalse(ExternalTool.tar().run("-tf", archive.toString()).contains(ExtractionMarker.FILE_NAME));
    }

    @Test
    void modesAreKept() throws IOException {
        byte[] tar = new LayerTar()
                .dir("m", 0755)
                .file("m/private", "p", 0600)
                .file("m/exec", "e", 0755)
                .tar();
        Path out = extract(push("extract/modes", "v1", List.of(LayerTar.gzip(tar))), tmp.resolve("rootfs"));
        assertEquals("rw-------", mode(out.resolve("m/private")));
        assertEquals("rwxr-xr-x", mode(out.resolve("m/exec")));
    }

    @Test
    void matchesUmociFileByFile() throws IOException {
        String image = push("extract/umoci", LayerTar::gzip, LayerTar::gzip);
        Path ours = extract(image, tmp.resolve("rootfs"));

        Path oci = tmp.resolve("oci");
        ExternalTool.skopeo().run("copy", "--src-tls-verify=false", "docker://" + image, "oci:" + oci + ":v1");
        Path bundle = tmp.resolve("bundle");
        ExternalTool.umoci().run("unpack", "--rootless", "--image", oci + ":v1", bundle.toString());

        Map<String, String> expected = TreeSnapshot.of(bundle.resolve("rootfs"));
        assertEquals(expected, TreeSnapshot.of(ours));
        assertTrue(expected.size() > 20, "umoci unpacked the crafted tree: " + expected.keySet());
    }

    @Test
    void zstdAndUncompressedLayersGiveTheSameTreeAsGzip() {
        Map<String, String> gzip =
                TreeSnapshot.of(extract(push("extract/all-gzip", LayerTar::gzip, LayerTar::gzip), tmp.resolve("gzip")));
        Map<String, String> mixed = TreeSnapshot.of(
                extract(push("extract/mixed", LayerTar::zstd, LayerTar::uncompressed), tmp.resolve("mixed")));
        assertEquals(gzip, mixed);
    }

    @Test
    void devicesAndFifosAreSkippedWithOneLine() throws IOException {
        byte[] tar = new LayerTar()
                .dir("dev", 0755)
                .fifo("dev/fifo1")
                .fifo("dev/fifo2")
                .file("dev/keep", "k")
                .tar();
        Path out = tmp.resolve("rootfs");
        RecordingLog log = new RecordingLog();
        extract(
                PullRequest.builder(push("extract/fifo", "v1", List.of(LayerTar.gzip(tar))), out),
                out,
                null,
                null,
                log);
        assertEquals(List.of("keep"), RootDirectory.children(out.resolve("dev")));
        assertEquals(
                1,
                log.lines().stream()
                        .filter(l -> l.contains("Skipped 2 device node(s) and fifo(s)"))
                        .count(),
                String.join("\n", log.lines()));
    }

    @Test
    void sparseFilesAreExpanded() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("sparse-source"));
        try (var file = new RandomAccessFile(source.resolve("holes.bin").toFile(), "rw")) {
            file.seek(1 << 20);
            file.write(new byte[] {1, 2, 3});
            file.seek(3 << 20);
            file.write(new byte[] {4, 5, 6});
        }
        Path tar = tmp.resolve("sparse.tar");
        ExternalTool.tar()
                .run("--sparse", "--format=posix", "-C", source.toString(), "-cf", tar.toString(), "holes.bin");
        assertTrue(Files.size(tar) < 64 * 1024, "GNU tar stored the file sparse");
        Path out = extract(
                push("extract/sparse", "v1", List.of(LayerTar.gzip(Files.readAllBytes(tar)))), tmp.resolve("rootfs"));
        assertEquals(
                Digests.sha256(Files.readAllBytes(source.resolve("holes.bin"))),
                Digests.sha256(Files.readAllBytes(out.resolve("holes.bin"))),
                "holes read back as zeros");
        assertEquals((3 << 20) + 3, Files.size(out.resolve("holes.bin")));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
