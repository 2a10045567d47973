package io.github.blobdownloader.http;

import java.io.IOException;

/** A body that went silent for the idle timeout, or moved slower than the low-speed rule allows. */
public final class TransferStalledException extends IOException {

    private final boolean tooSlow;

    TransferStalledException(String message, boolean tooSlow) {
        super(message);
        this.tooSlow = tooSlow;
    }

    /** {@code true} for the low-speed rule, {@code false} for silence. */
    public boolean tooSlow() {
        return tooSlow;
    }
}
