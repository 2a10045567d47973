package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;

/** The registry answered with an error, or could not be reached. */
public class RegistryException extends BlobDownloaderException {

    private final int status;

    /** @param status the HTTP status, or 0 when there was no answer */
    public RegistryException(String message, int status, boolean userError, Throwable cause) {
        super(message, userError, cause);
        this.status = status;
    }

    public RegistryException(String message, int status, boolean userError) {
        this(message, status, userError, null);
    }

    public int status() {
        return status;
    }
}
