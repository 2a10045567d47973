package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.FaultScenario.assertComplete;
import static io.github.blobdownloader.pull.FaultScenario.finalFiles;
import static io.github.blobdownloader.pull.FaultScenario.layerPath;
import static io.github.blobdownloader.pull.FaultScenario.pull;
import static io.github.blobdownloader.pull.FaultScenario.pullFails;
import static io.github.blobdownloader.pull.FaultScenario.request;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.corruptByte;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.dropAfterHalf;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.dropAfterHalfUnlessRange;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.ignoreRange;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.stallAfterHeaders;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.status;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.wrongContentRange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.layout.ResumableFiles;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.ScriptedRegistryProxy;
import io.github.blobdownloader.testing.ScriptedRegistryProxy.Recorded;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transient fault ends in a complete, verified download; retries that run out say how many were made. */
class TransientFaultsTest extends ProxiedRegistryTest {

    private static final int LAYER_SIZE = 600_000;

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "faults/transient" + n, "v1", Format.OCI, "linux", "amd64", null, 2, LAYER_SIZE, 100 + n);
    }

    @Test
    void connectionDroppedHalfwayIsResumedWithRange() throws Exception {
        proxy.on(layerPath(image, 0), dropAfterHalf(), 1);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        List<Recorded> gets = proxy.requests(layerPath(image, 0));
        assertEquals(2, gets.size(), "one dropped request, one resumed");
        assertNull(gets.get(0).header("range"));
        long half = image.layers().get(0).size() / 2;
        String range = gets.get(1).header("range");
        long from = Long.parseLong(range.replaceAll("bytes=(\\d+)-", "$1"));
        assertTrue(from > 0 && from <= half, "resumed from what was on disk: " + range);
        assertTrue(log.contains("broke off at byte " + from), log.toString());
    }

    @Test
    void connectionDroppedEveryTimeWithoutRangeStillCompletes() throws Exception {
        proxy.on(layerPath(image, 0), dropAfterHalfUnlessRange(), -1);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertTrue(proxy.requests(layerPath(image, 0)).stream().anyMatch(r -> r.header("range") != null));
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws Exception {
        proxy.on(layerPath(image, 0), dropAfterHalf(), 1);
        proxy.on(layerPath(image, 0), ignoreRange(), 1);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertTrue(log.contains("ignored the range request"), log.toString());
        assertEquals(2, proxy.requests(layerPath(image, 0)).size());
    }

    @Test
    void contentRangeNotStartingAtTheOffsetRestartsFromZero() throws Exception {
        proxy.on(layerPath(image, 0), dropAfterHalf(), 1);
        proxy.on(layerPath(image, 0), wrongContentRange(1000), 1);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        List<Recorded> gets = proxy.requests(layerPath(image, 0));
        assertEquals(3, gets.size(), "dropped, answered with the wrong range, then fetched whole");
        assertNull(gets.get(2).header("range"));
    }

    @Test
    void corruptBytesAfterAResumeAreFetchedAgainFromZero() throws Exception {
        proxy.on(layerPath(image, 0), dropAfterHalf(), 1);
        proxy.on(layerPath(image, 0), corruptByte(), 1);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertTrue(log.contains("does not match its digest"), log.toString());
        assertEquals(3, proxy.requests(layerPath(image, 0)).size());
    }

    @Test
    void partialFileOfAnEarlierRunIsRehashedAndContinued() throws Exception {
        PushedImage.Layer layer = image.layers().get(1);
        Path target = out.resolve(layer.digest().substring(7) + ".tar.gz");
        Files.write(ResumableFiles.partialOf(target), Arrays.copyOf(layer.bytes(), 1000));

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertEquals(
                List.of("bytes=1000-"),
                proxy.requests(layerPath(image, 1)).stream()
                        .map(r -> r.header("range"))
                        .toList());
    }

    @Test
    void partialFileWithWrongBytesIsReplaced() throws Exception {
        PushedImage.Layer layer = image.layers().get(1);
        Path target = out.resolve(layer.digest().substring(7) + ".tar.gz");
        Files.write(ResumableFiles.partialOf(target), new byte[1000]);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertEquals(2, proxy.requests(layerPath(image, 1)).size(), "resumed, found wrong, fetched again");
    }

    @Test
    void serviceUnavailableOnceIsRetried() throws Exception {
        proxy.on(layerPath(image, 1), status(503), 1);
        proxy.on("/manifests/", status(503), 1);

        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertTrue(log.contains("answered 503"), log.toString());
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterSeconds() throws Exception {
        proxy.on("/manifests/", status(429, "Retry-After", "1"), 1);

        long start = System.nanoTime();
        pull(request(proxy, image, out), log);

        assertComplete(out, image);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 950, "waited the 1 s asked for");
        assertTrue(log.contains("answered 429") && log.contains("retrying in 1000 ms"), log.toString());
    }

    /** Docker Hub's pull quota: the remaining pulls at debug level, and a 429 that ends the pull explained. */
    @Test
    void rateLimitHeadersAreLoggedAndAFinal429NamesTheQuotaTheResetAndTheWayOut() throws Exception {
        proxy.on(
                "/manifests/",
                ex -> {
                    ScriptedRegistryProxy.Upstream up = ex.forward();
                    java.util.Map<String, List<String>> headers = new java.util.LinkedHashMap<>(up.headers());
                    headers.put("RateLimit-Limit", List.of("100;w=21600"));
                    headers.put("RateLimit-Remaining", List.of("76;w=21600"));
                    ex.send(new ScriptedRegistryProxy.Upstream(up.status(), headers, up.body()));
                },
                1);
        pull(request(proxy, image, out), log);
        assertTrue(
                log.contains("DEBUG Registry " + proxy.hostPort() + " rate limit: 76 of 100 pulls left per 6 h"),
                log.toString());

        proxy.on(
                "/manifests/",
                status(429, "RateLimit-Limit", "100;w=21600", "RateLimit-Remaining", "0;w=21600", "Retry-After", "0"),
                -1);
        BlobDownloaderException e =
                pullFails(request(proxy, image, out.resolve("again")).retries(2), log);
        String m = e.getMessage();
        assertTrue(
                m.contains("rate-limited the request for manifest of " + image.imageReference(proxy.hostPort())
                        + " (429, INJECTED: injected 429) after 2 attempt(s): 0 of 100 pulls left per 6 h; retry after 0 s;"
                        + " pull with credentials (⟨username⟩/⟨password⟩"),
                m);
        assertTrue(m.contains("through a mirror (⟨mirrors⟩)"), m);
    }

    @Test
    void retryAfterAsHttpDateIsHonouredAndCapped() throws Exception {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        proxy.on("/manifests/", status(429, "Retry-After", inAnHour), 1);

        long start = System.nanoTime();
        pull(request(proxy, image, out), log);

        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertComplete(out, image);
        assertTrue(millis >= 2900 && millis < 10_000, "waited the 3 s cap, not an hour: " + millis);
    }

    @Test
    void persistentFailureNamesTheLastStatusAndTheAttempts() throws Exception {
        proxy.on(layerPath(image, 0), status(503), -1);

        BlobDownloaderException e = pullFails(request(proxy, image, out).retries(4), log);

        assertTrue(e.getMessage().contains("503") && e.getMessage().contains("after 4 attempt(s)"), e.getMessage());
        assertFalse(e.isUserError());
        assertEquals(4, proxy.requests(layerPath(image, 0)).size());
        assertFalse(finalFiles(out).contains(image.layers().get(0).digest().substring(7) + ".tar.gz"));
    }

    @Test
    void stalledTransferIsAbortedAndRetried() throws Exception {
        proxy.on(layerPath(image, 0), stallAfterHeaders(Duration.ofSeconds(30)), 1);

        long start = System.nanoTime();
        pull(request(proxy, image, out).timeout(Duration.ofSeconds(1)), log);

        assertComplete(out, image);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "did not wait for the stall");
        assertTrue(log.contains("no data received for 1 s"), log.toString());
    }

    @Test
    void transferThatAlwaysStallsFailsWithTheTimeoutNamed() throws Exception {
        proxy.on(layerPath(image, 0), stallAfterHeaders(Duration.ofSeconds(30)), -1);

        long start = System.nanoTime();
        BlobDownloaderException e = pullFails(
                request(proxy, image, out).timeout(Duration.ofSeconds(1)).retries(2), log);

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertTrue(
                e.getMessage().contains("after 2 attempt(s)")
                        && e.getMessage().contains("no data received")
                        && e.getMessage().contains("⟨timeout⟩"),
                e.getMessage());
        assertFalse(finalFiles(out).contains(image.layers().get(0).digest().substring(7) + ".tar.gz"));
    }
}
