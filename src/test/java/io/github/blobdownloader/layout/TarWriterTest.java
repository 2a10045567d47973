package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.TarGz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by {@link TarWriter}, read back by GNU tar. */
class TarWriterTest {

    @TempDir
    Path tmp;

    @Test
    void gnuTarExtractsLongNamesDirectoriesAndStreamedFiles() throws IOException {
        byte[] blob = TarGz.randomBytes(7, 70_000);
        Path source = Files.write(tmp.resolve("source.bin"), blob);
        String longName = "linux-arm64-v8/" + "d".repeat(90) + "/" + "f".repeat(64) + ".tar.gz";
        Path archive = tmp.resolve("a.tar");
        try (TarWriter tar = new TarWriter(Files.newOutputStream(archive), 0)) {
            tar.putDirectory("linux-arm64-v8");
            tar.putFile(longName, source);
            tar.putBytes("manifest.json", "[]".getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        assertEquals(0, Files.size(archive) % 512);

        ExternalTool tar = ExternalTool.tar();
        assertEquals(
                List.of("linux-arm64-v8/", longName, "manifest.json"),
                tar.run("-tf", archive.toString()).lines().toList());
        Path out = Files.createDirectory(tmp.resolve("out"));
        tar.run("-xf", archive.toString(), "-C", out.toString());
        assertArrayEquals(blob, Files.readAllBytes(out.resolve(longName)));
        assertEquals("[]", Files.readString(out.resolve("manifest.json")));
    }

    @Test
    void nameThatCannotBeSplitIsRefused() {
        TarWriter tar = new TarWriter(new ByteArrayOutputStream(), 0);
        IOException e = assertThrows(IOException.class, () -> tar.putBytes("x".repeat(120), new byte[0]));
        assertEquals(
                "path too long for a tar entry (at most 255 bytes, split at a '/'): " + "x".repeat(120),
                e.getMessage());
    }
}
