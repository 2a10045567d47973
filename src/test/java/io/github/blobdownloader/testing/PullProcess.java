package io.github.blobdownloader.testing;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A build in another JVM: pulls one image with {@link ImagePuller}, as the Maven goal does, so tests can
 * kill it ({@code kill -9}) or run two at once. Exit code 0 on success, 1 with an {@code ERROR} line.
 */
public final class PullProcess {

    private PullProcess() {}

    /** {@code <image> <outputDirectory> [<layout> <cacheDirectory>]}. */
    public static void main(String[] args) {
        Log log = new StdoutLog();
        try {
            PullRequest.Builder request =
                    PullRequest.builder(args[0], Path.of(args[1])).retries(5).timeout(Duration.ofSeconds(10));
            if (args.length > 2) {
                request.layout(args[2]).cacheDirectory(Path.of(args[3]));
            }
            new ImagePuller(log, new RetryPolicy(1, Duration.ofMillis(50), Duration.ofMillis(500)))
                    .pull(request.build());
            System.out.println("PULLED");
            System.exit(0);
        } catch (BlobDownloaderException e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(1);
        }
    }

    /** Starts a child JVM with this test run's class path; its output goes to {@code logFile}. */
    public static Process start(String image, Path out, Path logFile) {
        return start(logFile, image, out.toString());
    }

    /** As {@link #start(String, Path, Path)}, in {@code layout} with the shared blob cache {@code cache}. */
    public static Process start(String image, Path out, String layout, Path cache, Path logFile) {
        return start(logFile, image, out.toString(), layout, cache.toString());
    }

    private static Process start(Path logFile, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire may run tests from a manifest-only jar; it also publishes the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try {
            List<String> command =
                    new ArrayList<>(List.of(java, "-Xmx128m", "-cp", classPath, PullProcess.class.getName()));
            command.addAll(List.of(args));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM (" + java + ")", e);
        }
    }
}
