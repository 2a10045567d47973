package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.FaultScenario.assertComplete;
import static io.github.blobdownloader.pull.FaultScenario.layerPath;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.throttle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.blobdownloader.layout.ResumableFiles;
import io.github.blobdownloader.testing.PullProcess;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.ScriptedRegistryProxy.Recorded;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A build killed with {@code kill -9} mid-download resumes on the next run; two builds pulling into one
 * folder at once (threads or processes) both succeed, fetch each blob once, and no reader ever sees a
 * half-written file.
 */
class InterruptedAndConcurrentPullsTest extends ProxiedRegistryTest {

    private static final int LAYER_SIZE = 2_000_000;

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "faults/killed" + n, "v1", Format.OCI, "linux", "amd64", null, 2, LAYER_SIZE, 700 + n);
    }

    @Test
    void buildKilledMidDownloadResumesOnTheNextRun() throws Exception {
        Path target = out.resolve("target");
        String layer = image.layers().get(0).digest();
        Path partial = ResumableFiles.partialOf(target.resolve(layer.substring(7) + ".tar.gz"));
        // About 4 s for the layer, so the kill lands mid-way.
        proxy.on(layerPath(image, 0), throttle(16 * 1024, Duration.ofMillis(30)), 1);

        Process first = PullProcess.start(image.imageReference(proxy.hostPort()), target, out.resolve("first.log"));
        waitUntilPartialHolds(partial, LAYER_SIZE / 4, first);
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "killed");
        long cut = Files.size(partial);
        assertTrue(cut > 0 && cut < image.layers().get(0).size(), "cut mid-way: " + cut);
        assertFalse(Files.exists(target.resolve(layer.substring(7) + ".tar.gz")), "nothing under the final name");

        Process second = PullProcess.start(image.imageReference(proxy.hostPort()), target, out.resolve("second.log"));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "second run finished");
        String secondLog = Files.readString(out.resolve("second.log"));
        assertEquals(0, second.exitValue(), secondLog);

        assertComplete(target, image);
        List<String> ranges = proxy.requests(layerPath(image, 0)).stream()
                .map(r -> r.header("range"))
                .toList();
        assertEquals(
                List.of("none", "bytes=" + cut + "-"),
                ranges.stream().map(r -> r == null ? "none" : r).toList(),
                "the second run asked only for the missing bytes");
        assertTrue(
                secondLog.contains("Resuming blob " + layer + " of " + proxy.hostPort() + "/" + image.repository()
                        + " from byte " + cut),
                secondLog);
    }

    @Test
    void twoThreadsPullingIntoOneFolderBothSucceedAndReadersSeeOnlyWholeFiles() throws Exception {
        Path target = out.resolve("shared");
        proxy.on("/blobs/", throttle(64 * 1024, Duration.ofMillis(10)), -1);
        Reader reader = new Reader(target, image);
        ExecutorService builds = Executors.newFixedThreadPool(2);
        try {
            List<Future<PullResult>> results = List.of(
                    builds.submit(() -> new ImagePuller(new RecordingLog(), FaultScenario.FAST)
                            .pull(FaultScenario.request(proxy, image, target).build())),
                    builds.submit(() -> new ImagePuller(new RecordingLog(), FaultScenario.FAST)
                            .pull(FaultScenario.request(proxy, image, target).build())));
            for (Future<PullResult> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            builds.shutdownNow();
            reader.stop();
        }
        assertComplete(target, image);
        assertEachBlobFetchedOnce();
        assertEquals(List.of(), reader.violations);
        assertTrue(reader.looks.get() > 10, "the reader looked while the builds ran");
    }

    @Test
    void twoProcessesPullingIntoOneFolderBothSucceed() throws Exception {
        Path target = out.resolve("shared");
        proxy.on("/blobs/", throttle(64 * 1024, Duration.ofMillis(15)), -1);
        Reader reader = new Reader(target, image);
        try {
            Process a = PullProcess.start(image.imageReference(proxy.hostPort()), target, out.resolve("a.log"));
            Process b = PullProcess.start(image.imageReference(proxy.hostPort()), target, out.resolve("b.log"));
            assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, a.exitValue(), Files.readString(out.resolve("a.log")));
            assertEquals(0, b.exitValue(), Files.readString(out.resolve("b.log")));
        } finally {
            reader.stop();
        }
        assertComplete(target, image);
        assertEachBlobFetchedOnce();
        assertEquals(List.of(), reader.violations);
    }

    private void assertEachBlobFetchedOnce() {
        Map<String, Integer> gets = new HashMap<>();
        for (Recorded r : proxy.requests("/blobs/")) {
            gets.merge(r.target(), 1, Integer::sum);
        }
        assertEquals(3, gets.size(), "config and two layers: " + gets);
        gets.forEach((target, count) -> assertEquals(1, count, "fetched once, the other build waited: " + target));
    }

    private static void waitUntilPartialHolds(Path partial, long bytes, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(partial) && Files.size(partial) >= bytes) {
                return;
            }
            if (!process.isAlive()) {
                fail("the build ended before it could be killed (exit " + process.exitValue() + ")");
            }
            Thread.sleep(10);
        }
        fail("the partial file never reached " + bytes + " bytes");
    }

    /** Reads every file under a final name, again and again, and notes any that is not whole. */
    private static final class Reader {
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final AtomicInteger looks = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Reader(Path dir, PushedImage image) {
            Map<String, byte[]> expected = new HashMap<>();
            image.layers().forEach(l -> expected.put(l.digest().substring(7) + ".tar.gz", l.bytes()));
            expected.put("config.json", image.configBytes());
            expected.put("manifest.json", image.manifestBytes());
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            for (String name : files(dir)) {
                                byte[] want = expected.get(name);
                                try {
                                    byte[] seen = Files.readAllBytes(dir.resolve(name));
                                    if (name.equals("download-report.json")) {
                                        // Its content differs per run; a whole report is a complete JSON object.
                                        String text = new String(seen, java.nio.charset.StandardCharsets.UTF_8).strip();
                                        if (!text.startsWith("{") || !text.endsWith("}")) {
                                            violations.add(name + " (" + seen.length + " bytes, not whole)");
                                        }
                                        continue;
                                    }
                                    if (want == null || !java.util.Arrays.equals(want, seen)) {
                                        violations.add(name + " (" + seen.length + " bytes)");
                                    }
                                } catch (NoSuchFileException replaced) {
                                    // Renamed over between listing and reading: fine.
                                } catch (IOException e) {
                                    violations.add(name + ": " + e);
                                }
                            }
                            looks.incrementAndGet();
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "half-written-file-reader");
            thread.start();
        }

        private static List<String> files(Path dir) {
            try {
                return FaultScenario.finalFiles(dir);
            } catch (IOException e) {
                return List.of();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    /** Guards the byte-for-byte helper used by the reader against silent drift. */
    @Test
    void readerNoticesAWrongFile() throws Exception {
        Path dir = Files.createDirectories(out.resolve("probe"));
        Files.write(dir.resolve("config.json"), new byte[] {1, 2, 3});
        Reader reader = new Reader(dir, image);
        while (reader.looks.get() < 2) {
            Thread.sleep(5);
        }
        reader.stop();
        assertFalse(reader.violations.isEmpty());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("config.json")));
    }
}
