package io.github.blobdownloader.http;

import java.io.IOException;

/** The retry budget of one request ran out; the cause is the last failure. */
public final class GaveUpException extends IOException {

    private final int attempts;
    private final long received;

    GaveUpException(IOException last, int attempts, long received) {
        super(last.getMessage(), last);
        this.attempts = attempts;
        this.received = received;
    }

    /** Attempts made, the failed last one included. */
    public int attempts() {
        return attempts;
    }

    /** Body bytes delivered to the reader before giving up (0 when no body was read). */
    public long received() {
        return received;
    }

    /** The last failure. */
    public IOException last() {
        return (IOException) getCause();
    }
}
