package io.github.blobdownloader.reference;

import io.github.blobdownloader.BlobDownloaderException;

/** An image reference or registry URL that cannot be parsed. */
public class InvalidReferenceException extends BlobDownloaderException {
    public InvalidReferenceException(String message) {
        super(message, true);
    }
}
