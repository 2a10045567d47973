package io.github.blobdownloader.http;

import io.github.blobdownloader.BlobDownloaderException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to retry a transient failure: exponential backoff with full jitter, and a
 * cap on how long a server's {@code Retry-After} may make us wait.
 *
 * @param attempts      total attempts per request, at least 1
 * @param baseDelay     backoff before the second attempt (before jitter); doubles per attempt
 * @param maxDelay      ceiling of the backoff
 * @param maxRetryAfter ceiling of a server's {@code Retry-After}
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    public RetryPolicy {
        attempts = Math.max(1, attempts);
    }

    public RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {
        this(attempts, baseDelay, maxDelay, MAX_RETRY_AFTER);
    }

    public static RetryPolicy of(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** The same timing with another number of attempts. */
    public RetryPolicy withAttempts(int value) {
        return new RetryPolicy(value, baseDelay, maxDelay, maxRetryAfter);
    }

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} failed (1-based). */
    public Duration backoff(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    /** A server's {@code Retry-After}, no longer than {@link #maxRetryAfter}. */
    public Duration capRetryAfter(Duration requested) {
        if (requested.isNegative()) {
            return Duration.ZERO;
        }
        return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
    }

    /** Statuses worth another try. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Waits before the next attempt; an interrupt (a sibling download failed) ends the wait and the pull. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while waiting to retry", false, e);
        }
    }
}
