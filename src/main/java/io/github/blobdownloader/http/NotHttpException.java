package io.github.blobdownloader.http;

import java.io.IOException;

/**
 * The server's first bytes were not an HTTP status line: e.g. a TLS server's alert to a plain HTTP request.
 * The bytes are kept (printable only) for the message.
 */
public final class NotHttpException extends IOException {

    private final boolean looksLikeTls;

    NotHttpException(String message, boolean looksLikeTls) {
        super(message);
        this.looksLikeTls = looksLikeTls;
    }

    /** The answer began with a TLS record header (a TLS server answering plain HTTP). */
    public boolean looksLikeTls() {
        return looksLikeTls;
    }
}
