package io.github.blobdownloader.http;

import java.time.Duration;

/**
 * How long and how slowly a transfer may go on before it is abandoned.
 *
 * @param connectTimeout bound on opening a connection (and a proxy tunnel, and the TLS handshake)
 * @param idleTimeout    bound on waiting for the answer's head, and on any silence inside a body
 * @param lowSpeedLimit  bytes per second a body must average over each {@code lowSpeedTime}; 0 turns the rule off
 * @param lowSpeedTime   the window of the low-speed rule (as curl's {@code --speed-time})
 */
public record TransferLimits(Duration connectTimeout, Duration idleTimeout, long lowSpeedLimit, Duration lowSpeedTime) {

    public TransferLimits {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        lowSpeedLimit = Math.max(0, lowSpeedLimit);
    }

    /** One timeout for everything; the low-speed rule measured over the same span. */
    public static TransferLimits of(Duration timeout, long lowSpeedLimit) {
        return new TransferLimits(timeout, timeout, lowSpeedLimit, timeout);
    }
}
