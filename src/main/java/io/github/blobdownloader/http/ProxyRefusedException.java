package io.github.blobdownloader.http;

import java.io.IOException;

/** A proxy refused to carry the request (407, or a {@code CONNECT} that was not answered with 200). Not retried. */
public final class ProxyRefusedException extends IOException {

    private final int status;

    ProxyRefusedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The proxy's status: 407 when it wants (other) credentials. */
    public int status() {
        return status;
    }
}
