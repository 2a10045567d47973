package io.github.blobdownloader.pull;

import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.registry.RegistryEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The first pull in a JVM spends a noticeable part of its time loading classes (Jackson's for the first
 * manifest, the JDK's TLS stack and CAs for the first https connection), and a large download hashes and
 * decrypts its first tens of MiB with code the JIT has not compiled yet. A daemon thread loads those classes
 * while the pulling thread resolves the request and waits for the registry's first answers, so on two cores
 * the work overlaps instead of adding up; before a large download another one warms SHA-256 and, over the
 * JDK's TLS, AES-GCM ({@link CryptoWarmUp}). Only then: on a small or no-op pull the warm-up and the compiles it causes
 * would only compete with the pull for the CPU. Nothing they do is needed for correctness; a failure is
 * ignored.
 */
final class ColdStart {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                    + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                    + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    /** Past this many bytes to download, compiling SHA-256 (and AES-GCM) early pays for itself. */
    static final long LARGE_DOWNLOAD = 64L << 20;

    private static final AtomicBoolean DIGEST_STARTED = new AtomicBoolean();
    private static final AtomicBoolean DECRYPT_STARTED = new AtomicBoolean();

    private ColdStart() {}

    /** Before a large download: the JDK's SHA-256 when it hashes, and AES-GCM when the JDK's TLS decrypts. */
    @SuppressWarnings("ThreadPriorityCheck") // a hint only: the warm-up should yield to the real work
    static void warmForDownload(boolean jdkSha256, boolean jdkTls) {
        boolean digest = jdkSha256 && DIGEST_STARTED.compareAndSet(false, true);
        boolean decrypt = jdkTls && DECRYPT_STARTED.compareAndSet(false, true);
        if (!digest && !decrypt) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        if (decrypt) {
                            CryptoWarmUp.aesGcm();
                        }
                        if (digest) {
                            CryptoWarmUp.sha256();
                        }
                    } catch (GeneralSecurityException | RuntimeException | LinkageError ignored) {
                        // a warm-up that fails costs the real work nothing but its own time
                    }
                },
                "blob-downloader-crypto-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * Starts the warm-up once per JVM; TLS only when the endpoint asks over TLS first: then it makes the pull's
     * own TLS context ({@code trust}, made once), so the CAs are read and the engine loaded while the pull
     * resolves, and the first connection finds them ready.
     */
    @SuppressWarnings("ThreadPriorityCheck") // a hint only: the warm-up should yield to the real work
    static void warm(RegistryEndpoint endpoint, Supplier<SSLContext> trust) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        // Only when TLS is asked first: a loopback registry tried over plain HTTP first most likely speaks it,
        // and loading BoringSSL for nothing would cost more than the warm-up saves.
        boolean tls = endpoint.schemes().get(0).equals("https");
        Thread thread = new Thread(
                () -> {
                    try {
                        ManifestParser.parse(MANIFEST, MediaTypes.OCI_MANIFEST, Digest.sha256Of(MANIFEST), "warm-up");
                        if (tls) {
                            // making one loads the engine's classes, which is the point
                            trust.get().createSSLEngine();
                        }
                    } catch (RuntimeException | LinkageError ignored) {
                        // A warm-up that fails costs the real work nothing but its own time; a daemon thread
                        // that outlives the build finds the plugin's class realm closed (LinkageError).
                    }
                },
                "blob-downloader-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }
}
