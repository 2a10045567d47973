package io.github.blobdownloader.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conscrypt loaded for real, from the jar on the test class path. */
class NativeTlsTest {

    @TempDir
    Path folder;

    @Test
    void loadsFromTheNamedFolderAndWritesNothingIntoTheTempFolder() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> before = conscryptFiles(tmp);

        NativeTls.Outcome outcome = NativeTls.tryLoad(folder, getClass().getClassLoader());

        assertNull(outcome.failure(), String.valueOf(outcome.failure()));
        assertEquals("Conscrypt", outcome.provider().getName());
        assertTrue(outcome.provider().getClass().getClassLoader() instanceof IsolatingLoader);
        assertNotSame(getClass().getClassLoader(), outcome.provider().getClass().getClassLoader());
        // Conscrypt's native code holds its classes for good: its loader must not hold the plugin's with them.
        assertSame(
                ClassLoader.getPlatformClassLoader(),
                outcome.provider().getClass().getClassLoader().getParent());
        List<Path> unpacked;
        try (Stream<Path> files = Files.walk(folder)) {
            unpacked = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, unpacked.size(), unpacked.toString());
        assertTrue(unpacked.get(0).getFileName().toString().contains("conscrypt_openjdk_jni"), unpacked.toString());
        assertTrue(outcome.description().startsWith("BoringSSL (Conscrypt 2."), outcome.description());
        assertTrue(outcome.description().contains(unpacked.get(0).toString()), outcome.description());
        assertEquals(before, conscryptFiles(tmp), "Conscrypt unpacked its library into " + tmp);
    }

    /** A native library belongs to one class loader: a second copy of the plugin falls back, saying why. */
    @Test
    void aSecondLoaderOfTheSameLibraryGetsAReasonNotAnError() {
        NativeTls.Outcome first = NativeTls.tryLoad(folder, getClass().getClassLoader());
        assertNotNull(first.provider(), String.valueOf(first.failure()));

        NativeTls.Outcome second = NativeTls.tryLoad(folder, getClass().getClassLoader());

        assertNull(second.provider());
        assertNotNull(second.failure());
        assertTrue(second.description().startsWith("the JDK's (BoringSSL not available: "), second.description());
    }

    @Test
    void theSameFolderIsReusedOnceUnpacked() throws IOException {
        NativeTls.tryLoad(folder, getClass().getClassLoader());
        Path library;
        try (Stream<Path> files = Files.walk(folder)) {
            library = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        var modified = Files.getLastModifiedTime(library);

        NativeTls.tryLoad(folder, getClass().getClassLoader());

        assertEquals(modified, Files.getLastModifiedTime(library));
    }

    private static Set<String> conscryptFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("conscrypt"))
                    .collect(Collectors.toSet());
        }
    }
}
