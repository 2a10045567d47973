package io.github.blobdownloader.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The registries of {@code scripts/benchmark.sh}: a real registry with its access log on, holding
 * {@code bench/big:1} (4 incompressible gzip layers of 256 MiB, written and pushed as streams, never held in
 * memory), {@code bench/many:1} (100 small layers) and {@code bench/tiny:1} (40 tiny layers); and a second
 * registry serving the same storage over TLS, with a CA made at run time. Prints
 * {@code READY <host:port> <access log> <tls host:port> <ca.pem>} and serves until standard input closes.
 */
public final class BenchmarkRegistry {

    private static final int BIG_LAYERS = 4;
    private static final long BIG_LAYER_BYTES = 256L << 20;
    private static final int SMALL_LAYERS = 100;
    private static final int SMALL_LAYER_BYTES = 16 * 1024;
    private static final int TINY_LAYERS = 40;
    private static final int TINY_LAYER_BYTES = 1024;
    private static final int CHUNK = 1 << 20;

    private BenchmarkRegistry() {}

    public static void main(String[] args) throws Exception {
        try (RegistryServer server =
                RegistryServer.builder().configFragment(AccessLog.CONFIG).start()) {
            RegistryApi api = new RegistryApi(server.baseUri());
            Path scratch = Files.createTempDirectory("bench-layers-");
            try {
                pushBig(api, scratch);
            } finally {
                RegistryServer.deleteRecursively(scratch);
            }
            TestImages.pushImage(
                    api,
                    "bench/many",
                    "1",
                    TestImages.Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    SMALL_LAYERS,
                    SMALL_LAYER_BYTES,
                    11);
            TestImages.pushImage(
                    api,
                    "bench/tiny",
                    "1",
                    TestImages.Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    TINY_LAYERS,
                    TINY_LAYER_BYTES,
                    12);
            Path certs = Files.createTempDirectory("bench-certs-");
            TestCertificates ca = TestCertificates.newCa(certs.resolve("ca"));
            TestCertificates.Issued cert = ca.issue("127.0.0.1", "localhost");
            // The same storage, read by a second registry process that speaks only TLS.
            String sharedStorage = "storage:\n  filesystem:\n    rootdirectory: '" + server.storageDir()
                    + "'\n  maintenance:\n    uploadpurging:\n      enabled: false";
            try (RegistryServer tls = RegistryServer.builder()
                    .tls(cert.certificate(), cert.key())
                    .configFragment(sharedStorage)
                    .start()) {
                System.out.println("READY " + server.hostPort() + " " + server.logFile() + " " + tls.hostPort() + " "
                        + ca.caPem());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // keep serving until the script closes our stdin
                }
            } finally {
                RegistryServer.deleteRecursively(certs);
            }
        }
    }

    /** Pushes {@code bench/big:1}: 4 incompressible gzip layers of 256 MiB. */
    static void pushBig(RegistryApi api, Path scratch) throws IOException, NoSuchAlgorithmException {
        List<String> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < BIG_LAYERS; i++) {
            Path file = scratch.resolve("layer-" + i + ".tar.gz");
            Layer layer = writeLayer(file, 1000 + i);
            api.pushBlob("bench/big", file, layer.digest());
            descriptors.add(ImageJson.descriptor(MediaTypes.OCI_LAYER_GZIP, layer.digest(), Files.size(file), null));
            diffIds.add(layer.diffId());
            Files.delete(file);
        }
        byte[] config = ImageJson.config(TestImages.DEFAULT_CREATED, "linux", "amd64", null, diffIds);
        String configDigest = api.pushBlob("bench/big", config);
        byte[] manifest = ImageJson.manifest(
                MediaTypes.OCI_MANIFEST,
                ImageJson.descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length, null),
                descriptors);
        api.pushManifest("bench/big", "1", MediaTypes.OCI_MANIFEST, manifest);
    }

    /**
     * A tar of one file of random bytes, gzipped with stored (level 0) deflate blocks: a real, incompressible
     * gzip layer, produced at disk speed rather than at deflate speed.
     */
    private static Layer writeLayer(Path file, long seed) throws IOException, NoSuchAlgorithmException {
        MessageDigest blobDigest = MessageDigest.getInstance("SHA-256");
        MessageDigest tarDigest = MessageDigest.getInstance("SHA-256");
        long contentBytes = BIG_LAYER_BYTES - 3 * 512;
        try (OutputStream blob = new DigestOutputStream(Files.newOutputStream(file), blobDigest);
                GZIPOutputStream gzip = new GZIPOutputStream(blob, CHUNK) {
                    {
                        def.setLevel(Deflater.NO_COMPRESSION);
                    }
                };
                OutputStream tar = new DigestOutputStream(gzip, tarDigest)) {
            tar.write(TarGz.fileHeader("data/random-" + seed + ".bin", contentBytes));
            SplittableRandom random = new SplittableRandom(seed);
            byte[] chunk = new byte[CHUNK];
            for (long left = contentBytes; left > 0; left -= CHUNK) {
                random.nextBytes(chunk);
                tar.write(chunk, 0, (int) Math.min(CHUNK, left));
            }
            tar.write(new byte[TarGz.paddingFor(contentBytes) + 2 * 512]);
        }
        return new Layer(
                "sha256:" + HexFormat.of().formatHex(blobDigest.digest()),
                "sha256:" + HexFormat.of().formatHex(tarDigest.digest()));
    }

    private record Layer(String digest, String diffId) {}
}
