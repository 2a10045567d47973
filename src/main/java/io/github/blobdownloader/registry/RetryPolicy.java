package io.github.blobdownloader.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to retry a transient failure: exponential backoff with full jitter, and a
 * cap on how long a server's {@code Retry-After} may make us wait.
 *
 * @param attempts total attempts per request, at least 1
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {

    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    public RetryPolicy {
        attempts = Math.max(1, attempts);
    }

    public static RetryPolicy of(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} failed (1-based). */
    public Duration backoff(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    /** Statuses worth another try. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
