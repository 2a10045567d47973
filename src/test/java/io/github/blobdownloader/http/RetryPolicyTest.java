package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exponential backoff with jitter: within [cap/2, cap], cap doubling up to the maximum. */
class RetryPolicyTest {

    @Test
    void backoffStaysWithinItsBounds() {
        RetryPolicy policy = RetryPolicy.of(5);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long cap = Math.min(10_000, 200L << Math.min(attempt - 1, 16));
            for (int i = 0; i < 200; i++) {
                long wait = policy.backoff(attempt).toMillis();
                assertTrue(
                        wait >= cap / 2 && wait <= cap,
                        "attempt " + attempt + ": " + wait + " ms not in [" + cap / 2 + ", " + cap + "]");
            }
        }
    }

    @Test
    void backoffIsJitteredAndGrows() {
        RetryPolicy policy = RetryPolicy.of(5);
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> policy.backoff(3).toMillis())
                .distinct()
                .count();
        assertTrue(distinct > 1, "jitter spreads retries");
        assertTrue(policy.backoff(1).toMillis() <= 200);
        assertTrue(policy.backoff(4).toMillis() >= 800);
    }

    @Test
    void neverExceedsTheMaximumEvenForHugeAttemptNumbers() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(5));
        for (int attempt : new int[] {10, 17, 63, 64, 1000, Integer.MAX_VALUE}) {
            long wait = policy.backoff(attempt).toMillis();
            assertTrue(wait >= 2500 && wait <= 5000, attempt + " -> " + wait);
        }
    }

    @Test
    void atLeastOneAttempt() {
        assertEquals(1, RetryPolicy.of(0).attempts());
        assertEquals(1, RetryPolicy.of(-3).attempts());
        assertEquals(5, RetryPolicy.of(5).attempts());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void transientStatusesAreRetried(int status) {
        assertTrue(RetryPolicy.isRetryable(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401, 403, 404, 405, 416, 501})
    void permanentStatusesAreNot(int status) {
        assertFalse(RetryPolicy.isRetryable(status));
    }
}
