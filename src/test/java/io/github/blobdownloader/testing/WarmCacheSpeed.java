package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A measuring harness, not a test: what a pull costs when every blob is already in the shared cache (a new
 * project, or a CI build after {@code mvn clean}), per layout. Pushes {@code bench/big:1} (1 GiB) to a real
 * registry, fills a cache with one pull, then times {@code rounds} pulls into fresh output folders in this JVM:
 * per layout; with {@code verifyExisting} (re-hashing every entry); and with every entry hard-linked from
 * elsewhere, as outputs of earlier versions were (each entry is then verified by a hashing copy).
 * <pre>
 * mvn -B -ntp -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.github.blobdownloader.testing.WarmCacheSpeed [rounds=5]
 * </pre>
 */
public final class WarmCacheSpeed {

    private WarmCacheSpeed() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "warm-cache-");
        try (RegistryServer server = RegistryServer.builder().start()) {
            Path scratch = Files.createDirectories(work.resolve("scratch"));
            BenchmarkRegistry.pushBig(new RegistryApi(server.baseUri()), scratch);
            String image = server.hostPort() + "/bench/big:1";
            Path cache = work.resolve("cache");
            pull(image, work.resolve("cold"), Layouts.BLOBS, cache, false);
            for (String layout : Layouts.NAMES) {
                time(rounds, image, work, layout, cache, Variant.PLAIN);
            }
            // What re-hashing every cache hit costs: verifyExisting re-hashes the cache entries.
            time(rounds, image, work, Layouts.BLOBS, cache, Variant.VERIFY_EXISTING);
            // The first pull after outputs were hard links into the cache (an earlier version's).
            time(rounds, image, work, Layouts.BLOBS, cache, Variant.ENTRIES_LINKED_ELSEWHERE);
        } finally {
            RegistryServer.deleteRecursively(work);
        }
    }

    /** How the cache looks to the pull. */
    private enum Variant {
        PLAIN,
        VERIFY_EXISTING,
        ENTRIES_LINKED_ELSEWHERE
    }

    private static void time(int rounds, String image, Path work, String layout, Path cache, Variant variant)
            throws IOException {
        double[] seconds = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Path out = work.resolve(layout + "-" + r);
            Path links = work.resolve("old-links");
            if (variant == Variant.ENTRIES_LINKED_ELSEWHERE) {
                linkAll(cache.resolve("blobs/sha256"), Files.createDirectories(links));
            }
            seconds[r] = pull(image, out, layout, cache, variant == Variant.VERIFY_EXISTING);
            RegistryServer.deleteRecursively(out);
            RegistryServer.deleteRecursively(links);
        }
        Arrays.sort(seconds);
        System.out.printf(
                "warm-cache pull of 1 GiB, layout %-14s %-24s median %.2f s (min %.2f, max %.2f, %d runs)%n",
                layout, variant, seconds[rounds / 2], seconds[0], seconds[rounds - 1], rounds);
    }

    private static void linkAll(Path entries, Path into) throws IOException {
        try (Stream<Path> files = Files.list(entries)) {
            for (Path entry : files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                Files.createLink(into.resolve(entry.getFileName()), entry);
            }
        }
    }

    private static double pull(String image, Path out, String layout, Path cache, boolean verify) {
        long t0 = System.nanoTime();
        new ImagePuller(Log.silent())
                .pull(PullRequest.builder(image, out)
                        .layout(layout)
                        .cacheDirectory(cache)
                        .verifyExisting(verify)
                        .build());
        return (System.nanoTime() - t0) / 1e9;
    }
}
