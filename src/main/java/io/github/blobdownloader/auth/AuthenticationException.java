package io.github.blobdownloader.auth;

import io.github.blobdownloader.BlobDownloaderException;

/** The registry (or its token service) refused the credentials we had, or we had none and it wants some. */
public class AuthenticationException extends BlobDownloaderException {
    public AuthenticationException(String message) {
        super(message, true);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
