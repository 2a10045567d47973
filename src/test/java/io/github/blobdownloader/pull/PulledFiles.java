package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.testing.PushedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Assertions on what a pull left in its output folder. */
final class PulledFiles {

    private PulledFiles() {}

    /**
     * The folder holds exactly the seed layout of {@code image}: every non-foreign layer under
     * {@code <hex><extension>} with the pushed bytes, {@code manifest.json} and {@code config.json} byte-identical.
     */
    static void assertSeedLayout(Path dir, PushedImage image) throws IOException {
        assertSeedLayout(dir, image, true);
    }

    /** As above; {@code withReport} says whether the folder also holds {@code download-report.json}. */
    static void assertSeedLayout(Path dir, PushedImage image, boolean withReport) throws IOException {
        Set<String> expected = new TreeSet<>(Set.of("manifest.json", "config.json"));
        if (withReport) {
            expected.add("download-report.json");
        }
        for (PushedImage.Layer layer : image.layers()) {
            if (MediaTypes.isForeign(layer.mediaType())) {
                continue;
            }
            String name =
                    layer.digest().substring("sha256:".length()) + MediaTypes.layerFileExtension(layer.mediaType());
            expected.add(name);
            assertArrayEquals(layer.bytes(), Files.readAllBytes(dir.resolve(name)), name);
        }
        assertArrayEquals(image.manifestBytes(), Files.readAllBytes(dir.resolve("manifest.json")), "manifest.json");
        assertArrayEquals(image.configBytes(), Files.readAllBytes(dir.resolve("config.json")), "config.json");
        assertEquals(expected, fileNames(dir), "files in " + dir);
    }

    /** Names of the regular files directly in {@code dir}, hidden ones included. */
    static Set<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No temp file was left anywhere below {@code dir}. */
    static void assertNoPartFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            Set<String> parts = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".part"))
                    .collect(Collectors.toSet());
            assertFalse(!parts.isEmpty(), "left-over temp files: " + parts);
        }
    }
}
