package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A measuring harness, not a test: what a user pays for an image of 100 small layers (16 KiB each), each
 * round in a FRESH JVM (cold JIT, as in a Maven build) with an empty output and an empty cache. Prints, per
 * round, the pull as timed inside the child JVM and the child's whole run, then the medians.
 * <pre>
 * mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dinvoker.skip=true
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.github.blobdownloader.testing.ManyLayersSpeed [rounds=7] [other classes folder]
 * </pre>
 * With an other classes folder (e.g. main's {@code target/classes}, compiled elsewhere), rounds alternate
 * between this build and that one, so both see the same machine load, and both medians are printed.
 * A single pull: {@code --child <image> <dir>}; there {@code -Dtimeline=true} prints every log line with its
 * time and thread, and {@code -Dparallelism=N} sets the request's parallelism (default 4).
 */
public final class ManyLayersSpeed {

    private ManyLayersSpeed() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String ownPath = System.getProperty("java.class.path");
        List<String> classPaths = new ArrayList<>(List.of(ownPath));
        List<String> names = new ArrayList<>(List.of("this build"));
        if (args.length > 1) {
            // The other classes first: they replace this build's main classes, the harness classes stay.
            classPaths.add(args[1] + java.io.File.pathSeparator + ownPath);
            names.add(args[1]);
        }
        Path work = Files.createTempDirectory("many-layers-");
        try (RegistryServer server = RegistryServer.builder().start()) {
            TestImages.pushImage(
                    new RegistryApi(server.baseUri()),
                    "speed/many",
                    "1",
                    TestImages.Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    100,
                    16 * 1024,
                    11);
            String image = server.hostPort() + "/speed/many:1";
            long[][] inside = new long[classPaths.size()][rounds];
            long[][] whole = new long[classPaths.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int c = 0; c < classPaths.size(); c++) {
                    Path dir = work.resolve("r" + r + "-" + c);
                    long t0 = System.nanoTime();
                    inside[c][r] = runChild(classPaths.get(c), image, dir);
                    whole[c][r] = (System.nanoTime() - t0) / 1_000_000;
                    System.out.printf(
                            "round %d, %s: pull %d ms, whole JVM %d ms%n", r, names.get(c), inside[c][r], whole[c][r]);
                    RegistryServer.deleteRecursively(dir);
                }
            }
            for (int c = 0; c < classPaths.size(); c++) {
                Arrays.sort(inside[c]);
                Arrays.sort(whole[c]);
                System.out.printf(
                        "median of %d fresh JVMs, 100 x 16 KiB, %s: pull %d ms, whole JVM %d ms%n",
                        rounds, names.get(c), inside[c][rounds / 2], whole[c][rounds / 2]);
            }
        } finally {
            RegistryServer.deleteRecursively(work);
        }
    }

    /** One pull in a fresh JVM; returns the pull's time as the child measured it, in ms. */
    private static long runChild(String classPath, String image, Path dir) throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                ManyLayersSpeed.class.getName(),
                "--child",
                image,
                dir.toString());
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("child failed: " + out);
        }
        return Long.parseLong(out);
    }

    private static void child(String image, Path dir) {
        long t0 = System.nanoTime();
        new ImagePuller(Boolean.getBoolean("timeline") ? new TimelineLog(t0) : Log.silent())
                .pull(PullRequest.builder(image, dir.resolve("out"))
                        .cacheDirectory(dir.resolve("cache"))
                        .parallelism(Integer.getInteger("parallelism", 4))
                        .build());
        System.out.println((System.nanoTime() - t0) / 1_000_000);
    }

    /** Every line on stderr with the ms since the pull started and the thread, to see where time goes. */
    private record TimelineLog(long start) implements Log {
        @Override
        public void info(String message) {
            line(message);
        }

        @Override
        public void warn(String message) {
            line(message);
        }

        @Override
        public void debug(String message) {
            line(message);
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        private void line(String message) {
            System.err.printf(
                    "%5d %s %s%n",
                    (System.nanoTime() - start) / 1_000_000,
                    Thread.currentThread().getName(),
                    message);
        }
    }
}
