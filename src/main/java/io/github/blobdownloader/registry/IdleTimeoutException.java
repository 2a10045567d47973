package io.github.blobdownloader.registry;

import java.net.http.HttpTimeoutException;

/** A response body that stopped delivering bytes for longer than the idle timeout. */
public final class IdleTimeoutException extends HttpTimeoutException {
    public IdleTimeoutException(String message) {
        super(message);
    }
}
