package io.github.blobdownloader.pull;

import io.github.blobdownloader.http.TlsTrust;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.registry.RegistryEndpoint;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

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

    private ColdStart() {}

    /** Starts the warm-up once per JVM; TLS only when the endpoint may use it. */
    @SuppressWarnings("ThreadPriorityCheck") // a hint only: the warm-up should yield to the real work
    static void warm(RegistryEndpoint endpoint) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        boolean tls = endpoint.schemes().contains("https");
        Thread thread = new Thread(
                () -> {
                    try {
                        ManifestParser.parse(MANIFEST, MediaTypes.OCI_MANIFEST, Digest.sha256Of(MANIFEST), "warm-up");
                        if (tls) {
                            try (Socket unused = TlsTrust.jdkDefault()
                                    .get()
                                    .getSocketFactory()
                                    .createSocket()) {
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
