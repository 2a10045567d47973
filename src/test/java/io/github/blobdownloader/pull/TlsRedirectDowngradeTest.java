package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.FaultScenario.FAST;
import static io.github.blobdownloader.pull.FaultScenario.finalFiles;
import static io.github.blobdownloader.pull.FaultScenario.hiddenFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestCertificates;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry served over TLS whose blob answers redirect to plain http: the client refuses the downgrade
 * before sending anything to the http target (issue 7). A real registry cannot be told to redirect to http,
 * so an in-process HTTPS front passes manifests through to the real TLS registry and redirects blob GETs.
 */
class TlsRedirectDowngradeTest {

    @TempDir
    Path certs;

    @TempDir
    Path out;

    private RegistryServer registry;
    private HttpsServer front;
    private HttpServer plainTarget;
    private final List<String> frontRequests = new CopyOnWriteArrayList<>();
    private final List<String> plainRequests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (front != null) {
            front.stop(0);
        }
        if (plainTarget != null) {
            plainTarget.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aRedirectFromHttpsToPlainHttpIsRefusedBeforeAnyRequestReachesTheHttpTarget() throws Exception {
        TestCertificates ca = TestCertificates.newCa(certs.resolve("ca"));
        TestCertificates.Issued cert = ca.issue("127.0.0.1", "localhost");
        registry = RegistryServer.builder().tls(cert.certificate(), cert.key()).start();
        PushedImage image = TestImages.pushImage(
                new RegistryApi(registry.baseUri(), ca.clientContext()),
                "tls/downgrade",
                "v1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                1,
                3000,
                77);
        startPlainTarget();
        startFront(ca, cert);
        String frontHostPort = "127.0.0.1:" + front.getAddress().getPort();

        RecordingLog log = new RecordingLog();
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(log, FAST)
                        .pull(PullRequest.builder(image.imageReference(frontHostPort), out)
                                .caCertificates(List.of(ca.caPem()))
                                .retries(1)
                                .timeout(Duration.ofSeconds(5))
                                .build()));

        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains("registry " + frontHostPort + " redirected blob sha256:"), m);
        assertTrue(m.contains("from https to plain http (127.0.0.1); refusing the downgrade"), m);
        assertTrue(
                frontRequests.stream().anyMatch(r -> r.startsWith("GET ") && r.contains("/blobs/")),
                "the blob request was redirected by the TLS front: " + frontRequests);
        assertEquals(List.of(), plainRequests, "nothing may be sent to the plain http target");
        assertEquals(List.of(), finalFiles(out), "nothing under a final name");
        // A blob task cancelled while taking its lock may leave an empty `.lock` file (harmless: the next build
        // locks it again); no bytes may be left behind.
        assertEquals(
                List.of(),
                hiddenFiles(out).stream().filter(f -> !f.endsWith(".lock")).toList(),
                "no partial file left behind");
    }

    /** Records every request; answers 200 so that a client that did follow would seem to succeed. */
    private void startPlainTarget() throws IOException {
        plainTarget = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plainTarget.createContext("/", ex -> {
            plainRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        plainTarget.start();
    }

    /** HTTPS on 127.0.0.1: blob GETs get a 307 to the plain target, everything else goes to the registry. */
    private void startFront(TestCertificates ca, TestCertificates.Issued cert) throws IOException {
        HttpClient upstream = HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        front = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        front.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext(cert)));
        front.createContext("/", ex -> {
            String target = ex.getRequestURI().toString();
            frontRequests.add(ex.getRequestMethod() + " " + target);
            try {
                if (target.contains("/blobs/")) {
                    ex.getResponseHeaders()
                            .add(
                                    "Location",
                                    "http://127.0.0.1:"
                                            + plainTarget.getAddress().getPort() + target);
                    ex.sendResponseHeaders(307, -1);
                } else {
                    forward(upstream, ex, target);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        front.start();
    }

    private void forward(HttpClient upstream, HttpExchange ex, String target) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.baseUri() + target))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<InputStream> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        for (String name : List.of("Content-Type", "Docker-Content-Digest", "WWW-Authenticate")) {
            response.headers()
                    .firstValue(name)
                    .ifPresent(v -> ex.getResponseHeaders().add(name, v));
        }
        byte[] body = response.body().readAllBytes();
        boolean noBody = ex.getRequestMethod().equals("HEAD") || body.length == 0;
        ex.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            ex.getResponseBody().write(body);
        }
    }
}
