package io.github.blobdownloader.pull;

import io.github.blobdownloader.http.TlsTrust;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.registry.RegistryEndpoint;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * The first pull in a JVM spends a noticeable part of its time loading classes: Jackson's for the first
 * manifest, the JDK's TLS stack and CAs for the first https connection. A daemon thread loads them while the
 * pulling thread resolves the request and waits for the registry's first answers, so on two cores the work
 * overlaps instead of adding up. Nothing it does is needed for correctness; a failure is ignored.
 */
final class ColdStart {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                    + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                    + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    /** Past this many bytes to download, compiling the crypto loops early pays for itself. */
    static final long LARGE_DOWNLOAD = 64L << 20;

    private static final AtomicBoolean CRYPTO_STARTED = new AtomicBoolean();
    /** More calls than the JIT's threshold for compiling a method with its CPU intrinsics (about 5000). */
    private static final int CRYPTO_ROUNDS = 8000;

    private ColdStart() {}

    /**
     * Before a large download: until the JIT compiles them, AES-GCM (TLS) and SHA-256 run as plain bytecode,
     * several times slower than with their CPU intrinsics, and the compile waits for about 5000 calls, some
     * 80 MiB of 16 KiB TLS records. A daemon thread makes those calls on small buffers (a few hundredths of a
     * second), so the download threads get the compiled code early instead of decrypting and hashing the
     * first tens of MiB the slow way.
     *
     * @param tls whether the bytes come over TLS (else only SHA-256 is warmed)
     */
    @SuppressWarnings("ThreadPriorityCheck") // a hint only: the warm-up should yield to the real work
    static void warmCrypto(boolean tls) {
        if (!CRYPTO_STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        byte[] buffer = new byte[256];
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        Cipher encrypt = tls ? Cipher.getInstance("AES/GCM/NoPadding") : null;
                        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
                        ByteBuffer plain = ByteBuffer.allocate(buffer.length + 16);
                        ByteBuffer sealed = ByteBuffer.allocate(buffer.length + 16);
                        byte[] iv = new byte[12];
                        for (int i = 0; i < CRYPTO_ROUNDS; i++) {
                            sha.update(buffer);
                            if (encrypt != null) {
                                iv[0] = (byte) i;
                                iv[1] = (byte) (i >> 8);
                                encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                                plain.clear().put(buffer).flip();
                                sealed.clear();
                                encrypt.doFinal(plain, sealed);
                            }
                        }
                    } catch (GeneralSecurityException | RuntimeException ignored) {
                        // a warm-up that fails costs the real work nothing but its own time
                    }
                },
                "blob-downloader-crypto-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * Starts the warm-up once per JVM; TLS only when the endpoint may use it, and the JDK's CAs only when
     * they will be asked ({@code caCertificates} are asked first).
     */
    @SuppressWarnings("ThreadPriorityCheck") // a hint only: the warm-up should yield to the real work
    static void warm(RegistryEndpoint endpoint, boolean jdkCas) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        boolean tls = endpoint.schemes().contains("https");
        Thread thread = new Thread(
                () -> {
                    try {
                        ManifestParser.parse(MANIFEST, MediaTypes.OCI_MANIFEST, Digest.sha256Of(MANIFEST), "warm-up");
                        if (tls) {
                            SSLContext context = jdkCas
                                    ? TlsTrust.jdkDefault().get()
                                    : TlsTrust.anything().get();
                            try (Socket unused = context.getSocketFactory().createSocket()) {
                                // creating it loaded the classes, which was the point
                            }
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // a warm-up that fails costs the real work nothing but its own time
                    }
                },
                "blob-downloader-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }
}
