package io.github.blobdownloader.http;

import java.io.IOException;

/**
 * A redirect that is not followed: a loop, too many hops, a downgrade to plain HTTP, an invalid location. The
 * message completes "redirected …".
 */
public final class RedirectException extends IOException {

    RedirectException(String message) {
        super(message);
    }
}
