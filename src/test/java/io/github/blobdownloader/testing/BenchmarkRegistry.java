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
 * memory), {@code bench/rootfs:1} (4 gzip tar layers of files for the extract rows), {@code bench/many:1} (100 small layers) and {@code bench/tiny:1} (40 tiny layers); and a second
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
                pushRootfs(api, scratch);
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

    private static final int ROOTFS_LAYERS = 4;
    private static final long ROOTFS_LAYER_BYTES = 256L << 20;

    /**
     * Pushes {@code bench/rootfs:1}, the image the extract rows unpack: 4 gzip (fastest level) tar layers of
     * about 256 MiB of files each, of mixed sizes (4 KiB to 16 MiB) and about half compressible, like binaries
     * and libraries. Each upper layer replaces the large files of the layer below it, whites out some of its
     * small ones and makes one folder of it opaque, so planning has something to leave unwritten.
     */
    static void pushRootfs(RegistryApi api, Path scratch) throws IOException, NoSuchAlgorithmException {
        List<String> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        byte[] source = mixedContent(new SplittableRandom(77), 8 << 20);
        for (int i = 0; i < ROOTFS_LAYERS; i++) {
            Path file = scratch.resolve("rootfs-" + i + ".tar.gz");
            Layer layer = writeRootfsLayer(file, i, source);
            api.pushBlob("bench/rootfs", file, layer.digest());
            descriptors.add(ImageJson.descriptor(MediaTypes.OCI_LAYER_GZIP, layer.digest(), Files.size(file), null));
            diffIds.add(layer.diffId());
            Files.delete(file);
        }
        byte[] config = ImageJson.config(TestImages.DEFAULT_CREATED, "linux", "amd64", null, diffIds);
        String configDigest = api.pushBlob("bench/rootfs", config);
        byte[] manifest = ImageJson.manifest(
                MediaTypes.OCI_MANIFEST,
                ImageJson.descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length, null),
                descriptors);
        api.pushManifest("bench/rootfs", "1", MediaTypes.OCI_MANIFEST, manifest);
    }

    /** Blocks of 1 KiB, random and text-like by turns: deflate halves it, as it does binaries. */
    private static byte[] mixedContent(SplittableRandom random, int size) {
        byte[] text = "the quick brown fox jumps over the lazy dog 0123456789 "
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        byte[] block = new byte[1024];
        for (int at = 0; at < size; at += block.length) {
            if ((at / block.length) % 2 == 0) {
                random.nextBytes(block);
            } else {
                int shift = random.nextInt(text.length);
                for (int j = 0; j < block.length; j++) {
                    block[j] = text[(j + shift) % text.length];
                }
            }
            System.arraycopy(block, 0, out, at, Math.min(block.length, size - at));
        }
        return out;
    }

    /**
     * Layer {@code index}: {@code l<index>/} holds its files (small ones in {@code small/}, 1 MiB ones in
     * {@code medium/} and {@code opaque/}, 16 MiB ones in {@code large/}); from the second layer on it also
     * replaces two large files of the layer below, whites out a quarter of its small files and makes its
     * {@code opaque/} opaque: about 15 % of each lower layer is not in the final tree.
     */
    private static Layer writeRootfsLayer(Path file, int index, byte[] source)
            throws IOException, NoSuchAlgorithmException {
        MessageDigest blobDigest = MessageDigest.getInstance("SHA-256");
        MessageDigest tarDigest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(2000 + index);
        try (OutputStream blob = new DigestOutputStream(Files.newOutputStream(file), blobDigest);
                GZIPOutputStream gzip = new GZIPOutputStream(blob, CHUNK) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                OutputStream tar = new DigestOutputStream(gzip, tarDigest)) {
            String top = "l" + index;
            for (String dir : List.of(top, top + "/small", top + "/medium", top + "/large", top + "/opaque")) {
                rootfsEntry(tar, dir + "/", 0, 0755, null, random);
            }
            long written = 0;
            for (int n = 0; n < 8; n++) {
                written += rootfsEntry(tar, top + "/opaque/f" + n, 1 << 20, 0644, source, random);
            }
            if (index > 0) {
                String below = "l" + (index - 1);
                for (int n = 0; n < 2; n++) {
                    written += rootfsEntry(tar, below + "/large/f" + n, 16 << 20, 0644, source, random);
                }
                for (int n = 0; n < 1000; n += 4) {
                    rootfsEntry(tar, below + "/small/.wh.f" + n, 0, 0644, null, random);
                }
                rootfsEntry(tar, below + "/opaque/", 0, 0755, null, random);
                rootfsEntry(tar, below + "/opaque/.wh..wh..opq", 0, 0644, null, random);
            }
            for (int n = 0; n < 4; n++) {
                written += rootfsEntry(tar, top + "/large/f" + n, 16 << 20, 0644, source, random);
            }
            for (int n = 0; n < 1000; n++) {
                written +=
                        rootfsEntry(tar, top + "/small/f" + n, 4096 + random.nextInt(60 * 1024), 0644, source, random);
            }
            for (int n = 0; written < ROOTFS_LAYER_BYTES; n++) {
                written += rootfsEntry(tar, top + "/medium/f" + n, 1 << 20, 0755, source, random);
            }
            tar.write(new byte[2 * 512]);
        }
        return new Layer(
                "sha256:" + HexFormat.of().formatHex(blobDigest.digest()),
                "sha256:" + HexFormat.of().formatHex(tarDigest.digest()));
    }

    /** One ustar entry (a directory when {@code name} ends with {@code /}) with content from {@code source}. */
    private static long rootfsEntry(
            OutputStream tar, String name, int size, int mode, byte[] source, SplittableRandom random)
            throws IOException {
        tar.write(TarGz.entryHeader(name, size, mode));
        int at = size == 0 ? 0 : random.nextInt(source.length);
        for (int left = size; left > 0; ) {
            int n = Math.min(left, source.length - at);
            tar.write(source, at, n);
            left -= n;
            at = (at + n) % source.length;
        }
        tar.write(new byte[TarGz.paddingFor(size)]);
        return size;
    }
}
