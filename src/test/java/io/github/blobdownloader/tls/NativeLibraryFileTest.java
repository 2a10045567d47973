package io.github.blobdownloader.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryFileTest {

    @TempDir
    Path dir;

    @Test
    void concurrentUnpacksEndWithOneWholeFileAndNoTempFiles() throws Exception {
        byte[] library = new byte[3 << 20];
        new Random(7).nextBytes(library);
        Path jar = jar(library);
        Path folder = dir.resolve("native");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Path> unpack = () -> NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", folder);
                results.add(pool.submit(unpack));
            }
            Path first = results.get(0).get();
            for (Future<Path> r : results) {
                assertEquals(first, r.get());
            }
            assertArrayEquals(library, Files.readAllBytes(first));
            assertTrue(first.startsWith(folder), first.toString());
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "one file, no .part left");
        }
    }

    @Test
    void aFileCutShortIsReplaced() throws Exception {
        byte[] library = "the library".getBytes(StandardCharsets.UTF_8);
        Path jar = jar(library);
        Path target = NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", dir);
        Files.write(target, "the lib".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(library, Files.readAllBytes(NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", dir)));
    }

    /** Code loaded from here runs in the build: only a file of ours with the jar's bytes is used as it is. */
    @Test
    void aLinkAFileOfOtherBytesOrOneOthersMayWriteIsUnpackedAgain() throws Exception {
        byte[] library = "the library".getBytes(StandardCharsets.UTF_8);
        Path jar = jar(library);
        Path target = NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", dir);

        Files.write(target, "the lIbrary".getBytes(StandardCharsets.UTF_8)); // same size, other bytes
        assertArrayEquals(library, Files.readAllBytes(NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", dir)));

        Path planted = Files.write(dir.resolve("planted.so"), library);
        Files.delete(target);
        Files.createSymbolicLink(target, planted);
        assertEquals(target, NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", dir));
        assertFalse(Files.isSymbolicLink(target), "a link at the library's name is replaced, not followed");
        assertArrayEquals(library, Files.readAllBytes(target));

        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));
        NativeLibraryFile.unpack(jar, "META-INF/native/libx.so", dir);
        assertFalse(Files.getPosixFilePermissions(target).contains(PosixFilePermission.OTHERS_WRITE));
    }

    @Test
    void aJarWithoutThisPlatformsBuildSaysSo() throws Exception {
        Path jar = jar("x".getBytes(StandardCharsets.UTF_8));
        IOException e =
                assertThrows(IOException.class, () -> NativeLibraryFile.unpack(jar, "META-INF/native/liby.so", dir));
        assertTrue(e.getMessage().contains("no META-INF/native/liby.so"), e.getMessage());
    }

    private Path jar(byte[] library) throws IOException {
        Path jar = dir.resolve("lib.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("META-INF/native/libx.so"));
            zip.write(library);
            zip.closeEntry();
        }
        return jar;
    }
}
