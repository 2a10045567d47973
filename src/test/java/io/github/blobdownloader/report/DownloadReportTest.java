package io.github.blobdownloader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** download-report.json of a folder that several pulls write to: every image in it, merged under a lock. */
class DownloadReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RegistryServer registry;
    private static PushedImage web;
    private static PushedImage db;

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void pushImages() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        web = TestImages.pushImage(api, "report/web", "1.0", Format.OCI, "linux", "amd64", null, 2, 2000, 61);
        db = TestImages.pushImage(api, "report/db", "2.0", Format.DOCKER, "linux", "amd64", null, 1, 3000, 62);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private void pull(String image, String layout) {
        new ImagePuller(log)
                .pull(PullRequest.builder(registry.hostPort() + "/" + image, out)
                        .layout(layout)
                        .retries(1)
                        .build());
    }

    private JsonNode report() throws IOException {
        return JSON.readTree(out.resolve(DownloadReport.FILE_NAME).toFile());
    }

    @Test
    void oneImageIsTheWholeReportAsBefore() throws IOException {
        pull("report/web:1.0", "blobs");
        pull("report/web:1.0", "blobs");
        JsonNode report = report();
        assertEquals(registry.hostPort() + "/report/web", report.path("image").asText());
        assertEquals("1.0", report.path("tag").asText());
        assertEquals(web.manifestDigest(), report.path("digest").asText());
        assertEquals(
                web.manifestDigest(),
                report.path("images").get(0).path("manifestDigest").asText());
        assertEquals(3, report.path("images").get(0).path("blobs").size());
        assertFalse(report.has("pulls"), "the same image again replaces its entry");
        assertEquals(Set.of(), hiddenFiles(), "the lock leaves no file behind");
    }

    @Test
    void twoExecutionsIntoOneFolderAreBothDescribed() throws IOException {
        pull("report/web:1.0", "oci");
        pull("report/db:2.0", "oci");
        JsonNode report = report();
        assertFalse(report.has("image"), "two images: the top names neither");
        List<String> images = new ArrayList<>();
        report.path("pulls")
                .forEach(e -> images.add(
                        e.path("image").asText() + ":" + e.path("tag").asText()));
        assertEquals(List.of(registry.hostPort() + "/report/db:2.0", registry.hostPort() + "/report/web:1.0"), images);
        assertEquals(
                db.manifestDigest(), report.path("pulls").get(0).path("digest").asText());
        assertEquals(
                web.manifestDigest(), report.path("pulls").get(1).path("digest").asText());
        // The OCI layout holds both images' blobs, named as the report names them.
        for (JsonNode entry : report.path("pulls")) {
            for (JsonNode blob : entry.path("images").get(0).path("blobs")) {
                assertTrue(Files.isRegularFile(out.resolve(blob.path("file").asText())), blob.toString());
            }
        }

        pull("report/web:1.0", "oci");
        assertEquals(2, report().path("pulls").size(), "a pull again replaces its own entry");
        assertEquals(Set.of(".index.json.lock"), hiddenFiles(), "the OCI layout's lock, not the report's");
    }

    @Test
    void aReportOfOneImageBecomesAnEntry() throws IOException {
        Files.writeString(
                out.resolve(DownloadReport.FILE_NAME),
                ReportWriterProcess.entry("old/app", "0.9").toString(),
                StandardCharsets.UTF_8);
        pull("report/web:1.0", "blobs");
        JsonNode pulls = report().path("pulls");
        assertEquals(2, pulls.size(), pulls.toString());
        assertEquals(
                registry.hostPort() + "/report/web", pulls.get(0).path("image").asText());
        assertEquals("registry.example/old/app", pulls.get(1).path("image").asText());
    }

    @Test
    void aReportThatCannotBeReadIsReplacedWithAWarning() throws IOException {
        Files.writeString(out.resolve(DownloadReport.FILE_NAME), "{ not json", StandardCharsets.UTF_8);
        pull("report/web:1.0", "blobs");
        assertEquals(registry.hostPort() + "/report/web", report().path("image").asText());
        assertEquals(
                1,
                log.linesContaining("WARN Replacing " + out.resolve(DownloadReport.FILE_NAME))
                        .size());
    }

    @Test
    void concurrentProcessesAndThreadsLoseNoEntry() throws Exception {
        int processes = 3;
        int threads = 3;
        int each = 20;
        List<Process> started = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            started.add(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            ReportWriterProcess.class.getName(),
                            out.toString(),
                            "process" + p,
                            String.valueOf(each))
                    .redirectErrorStream(true)
                    .start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "thread" + t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        DownloadReport.record(out, ReportWriterProcess.entry(name, "t" + i), Log.silent());
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Process process : started) {
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "a writer process hangs");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
        }
        Set<String> entries = new TreeSet<>();
        report().path("pulls")
                .forEach(e -> entries.add(
                        e.path("image").asText() + ":" + e.path("tag").asText()));
        assertEquals((processes + threads) * each, entries.size(), entries.toString());
        assertEquals(Set.of(), hiddenFiles(), "the lock leaves no file behind");
    }

    private Set<String> hiddenFiles() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
