package io.github.blobdownloader.reference;

import io.github.blobdownloader.BlobDownloaderException;

/** A digest string that does not follow the OCI digest grammar or uses an unsupported algorithm. */
public class InvalidDigestException extends BlobDownloaderException {
    public InvalidDigestException(String message) {
        super(message, true);
    }
}
