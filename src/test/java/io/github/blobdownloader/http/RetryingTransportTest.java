package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.RecordingLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryingTransportTest {

    private static final RetryPolicy FAST =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(50));
    private static final URI BLOB = URI.create("http://registry.test/v2/team/app/blobs/sha256:abc");

    private final ScriptedTransport script = new ScriptedTransport();
    private final RecordingLog log = new RecordingLog();
    private final RetryingTransport retrying = new RetryingTransport(script, FAST, log);

    private static HttpRequest blob() {
        return HttpRequest.get(BLOB).contentAddressed(true);
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Answers a Range request from {@code content} with 206, a plain one with 200. */
    private static ScriptedTransport.Step serving(byte[] content, int deliverThenBreak) {
        return request -> {
            long from = request.headers()
                    .firstValue("Range")
                    .map(r -> Long.parseLong(r.replaceAll("\\D", "")))
                    .orElse(0L);
            byte[] rest = Arrays.copyOfRange(content, (int) from, content.length);
            Headers headers = Headers.empty().with("Content-Length", Integer.toString(rest.length));
            int status = 200;
            if (from > 0) {
                status = 206;
                headers = headers.with(
                        "Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
            InputStream body = deliverThenBreak < 0 || deliverThenBreak >= rest.length
                    ? new java.io.ByteArrayInputStream(rest)
                    : ScriptedTransport.breaking(
                            Arrays.copyOf(rest, deliverThenBreak), new IOException("connection reset"));
            return new HttpResponse(request, status, headers, body);
        };
    }

    @Test
    void retryableStatusIsSentAgainAndTheAttemptsCounted() throws IOException {
        script.thenStatus(503, Map.of(), "busy").thenStatus(200, Map.of(), "ok");
        HttpResponse response = retrying.send(HttpRequest.get(BLOB));
        assertEquals(200, response.statusCode());
        assertEquals(2, response.attempts());
        assertEquals(1, log.linesContaining("answered 503").size(), log.text());
    }

    @Test
    void theLastRetryableStatusIsReturnedWhenTheBudgetIsSpent() throws IOException {
        script.thenStatus(503, Map.of(), "").thenStatus(502, Map.of(), "").thenStatus(503, Map.of(), "");
        HttpResponse response = retrying.send(HttpRequest.get(BLOB));
        assertEquals(503, response.statusCode());
        assertEquals(3, response.attempts());
        assertEquals(3, script.requests().size());
    }

    @Test
    void retryAfterIsHonouredWithinItsCap() throws IOException {
        script.thenStatus(429, Map.of("Retry-After", "3600"), "").thenStatus(200, Map.of(), "");
        long start = System.nanoTime();
        retrying.send(HttpRequest.get(BLOB));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis >= 45 && millis < 2000, "waited the 50 ms cap, not an hour: " + millis);
    }

    @Test
    void connectionFailuresAreRetriedAndGiveUpWithTheLastOne() {
        ConnectException refused = new ConnectException("Connection refused");
        script.thenFail(refused).thenFail(refused).thenFail(refused);
        GaveUpException e = assertThrows(GaveUpException.class, () -> retrying.send(HttpRequest.get(BLOB)));
        assertEquals(3, e.attempts());
        assertSame(refused, e.last());
    }

    @Test
    void failuresAnotherAttemptCannotFixAreNotRetried() {
        script.thenFail(new UnknownHostException("registry.test"));
        assertThrows(UnknownHostException.class, () -> retrying.send(HttpRequest.get(BLOB)));
        assertEquals(1, script.requests().size());
    }

    @Test
    void aBrokenBodyOfABlobIsResumedWithRange() throws IOException {
        byte[] content = content(100_000);
        script.then(serving(content, 30_000)).then(serving(content, -1));
        try (HttpResponse response = retrying.send(blob())) {
            assertArrayEquals(content, response.body().readAllBytes());
            assertTrue(((SplicedBody) response.body()).spliced());
        }
        assertNull(script.requests().get(0).headers().firstValue("Range").orElse(null));
        assertEquals(
                "bytes=30000-",
                script.requests().get(1).headers().firstValue("Range").orElseThrow());
    }

    @Test
    void aServerThatTricklesBeforeEveryBreakRunsOutOfAttempts() {
        byte[] content = content(100_000);
        script.then(serving(content, 1024)).then(serving(content, 1024)).then(serving(content, 1024));
        IOException e = assertThrows(IOException.class, () -> {
            try (HttpResponse response = retrying.send(blob())) {
                response.body().readAllBytes();
            }
        });
        GaveUpException gaveUp = (GaveUpException) e;
        assertEquals(3, gaveUp.attempts());
        assertEquals(3072, gaveUp.received());
    }

    @Test
    void breaksAfterRealProgressCostNoAttempt() throws IOException {
        int credit = (int) RetryingTransport.PROGRESS_CREDIT;
        byte[] content = content(credit * 5 + 10);
        for (int i = 0; i < 5; i++) {
            script.then(serving(content, credit + 1));
        }
        script.then(serving(content, -1));
        try (HttpResponse response = retrying.send(blob())) {
            assertArrayEquals(content, response.body().readAllBytes());
        }
        assertEquals(6, script.requests().size(), "five breaks with three attempts allowed, and still complete");
    }

    @Test
    void aServerThatIgnoresTheRangeIsReadFromTheStartAndTheDeliveredBytesSkipped() throws IOException {
        byte[] content = content(50_000);
        script.then(serving(content, 20_000))
                .then(request -> ScriptedTransport.response(request, 200, Map.of(), content));
        try (HttpResponse response = retrying.send(blob())) {
            assertArrayEquals(content, response.body().readAllBytes());
        }
        assertTrue(log.text().contains("ignored the range request"), log.text());
    }

    @Test
    void bodiesOfRequestsThatAreNotContentAddressedAreNotResumed() throws IOException {
        script.then(request -> new HttpResponse(
                request, 200, Headers.empty(), ScriptedTransport.breaking(new byte[10], new IOException("reset"))));
        HttpResponse response = retrying.send(HttpRequest.get(URI.create("http://registry.test/token")));
        assertThrows(IOException.class, () -> response.body().readAllBytes());
        assertEquals(1, script.requests().size());
    }

    @Test
    void anAnswerThatBreaksWhileItsDeliveredBytesAreSkippedIsClosed() {
        byte[] content = content(50_000);
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        script.then(serving(content, 20_000)).then(request -> {
            InputStream breaking =
                    ScriptedTransport.breaking(Arrays.copyOf(content, 10_000), new IOException("reset again"));
            InputStream body = new java.io.FilterInputStream(breaking) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };
            return new HttpResponse(request, 200, Headers.empty(), body);
        });
        assertThrows(IOException.class, () -> {
            try (HttpResponse response = retrying.send(blob())) {
                response.body().readAllBytes();
            }
        });
        assertTrue(closed.get(), "the answer read from the start is closed, so its connection is not left open");
    }

    @Test
    void aPostIsNotSentTwiceOnceItMayHaveBeenActedOn() throws IOException {
        HttpRequest post =
                new HttpRequest("POST", URI.create("https://auth.test/token"), Headers.empty(), new byte[] {1}, false);
        script.thenStatus(503, Map.of(), "");
        assertEquals(503, retrying.send(post).statusCode());
        assertEquals(1, script.requests().size(), "a 503 may come after the grant was used");

        ScriptedTransport refused = new ScriptedTransport()
                .thenFail(new ConnectException("Connection refused"))
                .thenStatus(200, Map.of(), "{}");
        assertEquals(200, new RetryingTransport(refused, FAST, log).send(post).statusCode());
        assertEquals(2, refused.requests().size(), "a POST that never left is sent again");
    }
}
