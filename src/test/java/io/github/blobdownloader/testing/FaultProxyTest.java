package io.github.blobdownloader.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fault proxy itself, checked with a plain HTTP client against the real registry behind it. */
class FaultProxyTest {

    private static RegistryServer registry;
    private static FaultProxy proxy;
    private static PushedImage.Layer layer;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().start();
        layer = TestImages.pushImage(
                        new RegistryApi(registry.baseUri()),
                        "proxy/app",
                        "v1",
                        Format.OCI,
                        "linux",
                        "amd64",
                        null,
                        1,
                        10_000,
                        61)
                .layers()
                .get(0);
        proxy = FaultProxy.start(registry.baseUri());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        registry.close();
    }

    @AfterEach
    void clearRules() {
        proxy.clearRules();
    }

    private String blobPath() {
        return "/v2/proxy/app/blobs/" + layer.digest();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(proxy.baseUri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void passesThroughWithHeadersAndRecordsRequests() throws Exception {
        HttpResponse<byte[]> blob = get(blobPath());
        assertEquals(200, blob.statusCode());
        assertArrayEquals(layer.bytes(), blob.body());
        assertEquals(
                layer.digest(),
                blob.headers().firstValue("Docker-Content-Digest").orElse(null));
        HttpResponse<Void> head = http.send(
                HttpRequest.newBuilder(URI.create(proxy.baseUri() + blobPath()))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(
                String.valueOf(layer.size()),
                head.headers().firstValue("Content-Length").orElse(null));
        assertTrue(proxy.requests().containsAll(List.of("GET " + blobPath(), "HEAD " + blobPath())));
    }

    @Test
    void nthAndFirstPickOccurrences() throws Exception {
        FaultProxy.Rule second =
                proxy.add(FaultProxy.Rule.on("GET", blobPath()).nth(2).then(Fault.status(503)));
        assertEquals(200, get(blobPath()).statusCode());
        HttpResponse<byte[]> failed = get(blobPath());
        assertEquals(503, failed.statusCode());
        assertTrue(new String(failed.body(), StandardCharsets.UTF_8).contains("injected 503"));
        assertEquals(200, get(blobPath()).statusCode());
        assertEquals(1, second.applied());

        proxy.clearRules();
        FaultProxy.Rule firstTwo = proxy.add(FaultProxy.Rule.on("*", "/v2/proxy/.*")
                .first(2)
                .then(Fault.status(429, Map.of("Retry-After", List.of("3")))));
        HttpResponse<byte[]> limited = get("/v2/proxy/app/tags/list");
        assertEquals(429, limited.statusCode());
        assertEquals("3", limited.headers().firstValue("Retry-After").orElse(null));
        assertEquals(429, get(blobPath()).statusCode());
        assertEquals(200, get(blobPath()).statusCode());
        assertEquals(2, firstTwo.applied());
    }

    @Test
    void bodyFaults() throws Exception {
        proxy.add(FaultProxy.Rule.on("GET", blobPath()).nth(1).then(Fault.flipByte(3)));
        proxy.add(FaultProxy.Rule.on("GET", blobPath()).nth(2).then(Fault.truncateBody(100)));
        proxy.add(FaultProxy.Rule.on("GET", blobPath()).nth(3).then(Fault.appendToBody(new byte[] {7})));
        assertArrayEquals(Fault.flipped(layer.bytes(), 3), get(blobPath()).body());
        assertEquals(100, get(blobPath()).body().length);
        assertEquals(layer.size() + 1, get(blobPath()).body().length);
    }

    @Test
    void connectionFaults() throws Exception {
        // Every occurrence: the JDK client silently retries a GET whose connection closed before any answer.
        FaultProxy.Rule drop = proxy.add(FaultProxy.Rule.on("GET", blobPath()).then(Fault.closeConnection()));
        assertThrows(IOException.class, () -> get(blobPath()));
        assertTrue(drop.applied() >= 1);

        proxy.clearRules();
        proxy.add(FaultProxy.Rule.on("GET", blobPath()).then(Fault.cutAfter(1000)));
        IOException cut = assertThrows(IOException.class, () -> get(blobPath()));
        assertTrue(String.valueOf(cut.getMessage()).contains("1000"), "bytes received are reported: " + cut);
    }

    @Test
    void delayedAnswers() throws Exception {
        proxy.add(
                FaultProxy.Rule.on("GET", blobPath()).then(Fault.delayed(Duration.ofMillis(500), Fault.passThrough())));
        long start = System.nanoTime();
        assertEquals(200, get(blobPath()).statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 500);
    }
}
