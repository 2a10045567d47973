package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.ScriptedRegistryProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Pulls through a {@link ScriptedRegistryProxy} with fast retries, and checks what ended up on disk. */
final class FaultScenario {

    /** Backoff of a few tens of milliseconds and Retry-After capped at 3 s keep fault tests fast. */
    static final RetryPolicy FAST =
            new RetryPolicy(1, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(3));

    private FaultScenario() {}

    static PullRequest.Builder request(ScriptedRegistryProxy proxy, PushedImage image, Path out) {
        return PullRequest.builder(image.imageReference(proxy.hostPort()), out)
                .retries(3)
                .timeout(Duration.ofSeconds(5));
    }

    static PullResult pull(PullRequest.Builder request, RecordingLog log) {
        return new ImagePuller(log, FAST).pull(request.build());
    }

    static BlobDownloaderException pullFails(PullRequest.Builder request, RecordingLog log) {
        return assertThrows(BlobDownloaderException.class, () -> pull(request, log));
    }

    /** The blobs layout holds exactly the image's layers, config and manifest, byte for byte. */
    static void assertComplete(Path out, PushedImage image) throws IOException {
        for (PushedImage.Layer layer : image.layers()) {
            assertArrayEquals(
                    layer.bytes(),
                    Files.readAllBytes(out.resolve(layer.digest().substring(7) + ".tar.gz")),
                    "layer " + layer.digest());
        }
        assertArrayEquals(image.configBytes(), Files.readAllBytes(out.resolve("config.json")));
        assertArrayEquals(image.manifestBytes(), Files.readAllBytes(out.resolve("manifest.json")));
        assertEquals(List.of(), hiddenFiles(out), "no partial, lock or temp file is left");
    }

    /** Leftover hidden files (partials, locks, temps). */
    static List<String> hiddenFiles(Path dir) throws IOException {
        return files(dir).stream().filter(n -> n.startsWith(".")).toList();
    }

    /** Files under a final name (not hidden). */
    static List<String> finalFiles(Path dir) throws IOException {
        return files(dir).stream().filter(n -> !n.startsWith(".")).toList();
    }

    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String layerPath(PushedImage image, int index) {
        return "/blobs/" + image.layers().get(index).digest();
    }
}
