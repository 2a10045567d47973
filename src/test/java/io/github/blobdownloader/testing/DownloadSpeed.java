package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.tls.TlsTrust;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measuring harness for the blob download path, not a test: starts a real registry, places {@code N} random
 * blobs of {@code MiB} each straight into its storage (streamed, never in memory), and times
 * {@link io.github.blobdownloader.registry.BlobFetcher} downloading them in parallel against {@code curl}
 * doing the same without verification; then pulls a 100-small-layer image with {@link ImagePuller}.
 * <pre>
 * mvn -B -ntp -q test-compile -Dinvoker.skip=true
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.github.blobdownloader.testing.DownloadSpeed [layers=4] [MiB=256] [rounds=3]
 * </pre>
 */
public final class DownloadSpeed {

    private DownloadSpeed() {}

    public static void main(String[] args) throws Exception {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("download-speed-");
        try (RegistryServer server = RegistryServer.builder().start()) {
            List<Descriptor> blobs = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                blobs.add(place(server, "speed/big", mib << 20, 100 + i));
            }
            long t0 = System.nanoTime();
            RegistryApi api = new RegistryApi(server.baseUri());
            TestImages.pushImage(
                    api, "speed/many", "1", TestImages.Format.OCI, "linux", "amd64", null, 100, 16 * 1024, 11);
            System.out.printf("pushed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            double[] curl = new double[rounds];
            double[] plugin = new double[rounds];
            double[] many = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                curl[r] = curl(server, blobs, work.resolve("curl-" + r));
                plugin[r] = fetch(server, blobs, work.resolve("plugin-" + r));
                many[r] = pullMany(server, work.resolve("many-" + r));
                System.out.printf(
                        "round %d: curl %.2f s, BlobFetcher %.2f s (%.2fx), 100 layers %.2f s%n",
                        r, curl[r], plugin[r], plugin[r] / curl[r], many[r]);
                clean(work);
            }
            System.out.printf(
                    "median (%d x %d MiB): curl %.2f s, BlobFetcher %.2f s, ratio %.2f; 100 small layers"
                            + " (ImagePuller, in-JVM) %.2f s%n",
                    layers, mib, median(curl), median(plugin), median(plugin) / median(curl), median(many));
        } finally {
            RegistryServer.deleteRecursively(work);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Writes a random blob straight into the registry's file storage and links it into {@code repo}. */
    private static Descriptor place(RegistryServer server, String repo, long size, long seed) throws Exception {
        Path v2 = server.storageDir().resolve("docker/registry/v2");
        Path tmp = Files.createTempFile(server.storageDir(), "blob", ".tmp");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        String hex = HexFormat.of().formatHex(md.digest());
        Path data = v2.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        Files.createDirectories(data.getParent());
        Files.move(tmp, data);
        Path link = v2.resolve("repositories/" + repo + "/_layers/sha256/" + hex + "/link");
        Files.createDirectories(link.getParent());
        Files.writeString(link, "sha256:" + hex, StandardCharsets.UTF_8);
        return new Descriptor("application/octet-stream", Digest.parse("sha256:" + hex), size);
    }

    private static double curl(RegistryServer server, List<Descriptor> blobs, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(
                "curl", "-sSf", "--no-progress-meter", "--parallel", "--parallel-max", Integer.toString(blobs.size())));
        for (int i = 0; i < blobs.size(); i++) {
            command.add("http://" + server.hostPort() + "/v2/speed/big/blobs/"
                    + blobs.get(i).digest());
            command.add("-o");
            command.add(dir.resolve("b" + i).toString());
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("curl failed: " + command);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double fetch(RegistryServer server, List<Descriptor> blobs, Path dir) throws Exception {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        RegistryEndpoint endpoint =
                RegistryEndpoint.of(ImageReference.parse(server.hostPort() + "/speed/big:1"), Set.of());
        Duration timeout = Duration.ofSeconds(30);
        RegistryClient client = RegistryClient.create(
                endpoint,
                CredentialProvider.anonymous(),
                RetryPolicy.of(3),
                TransferLimits.of(timeout, 0),
                TlsTrust.jdkDefault(),
                TlsTrust.anything(),
                ProxySettings.jvmDefaults(),
                Log.silent());
        ExecutorService pool = Executors.newFixedThreadPool(blobs.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < blobs.size(); i++) {
                Descriptor blob = blobs.get(i);
                Path file = dir.resolve("b" + i);
                done.add(pool.submit(() -> client.blobs().download("speed/big", blob, file, n -> {})));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double pullMany(RegistryServer server, Path dir) {
        long t0 = System.nanoTime();
        new ImagePuller(Log.silent())
                .pull(PullRequest.builder(server.hostPort() + "/speed/many:1", dir)
                        .build());
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void clean(Path work) throws IOException {
        try (var children = Files.list(work)) {
            for (Path child : children.toList()) {
                RegistryServer.deleteRecursively(child);
            }
        }
    }
}
