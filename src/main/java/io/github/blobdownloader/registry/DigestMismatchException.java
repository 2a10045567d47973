package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;

/** Content whose bytes do not hash to the digest (or do not have the size) that names them. */
public class DigestMismatchException extends BlobDownloaderException {
    public DigestMismatchException(String message) {
        super(message, false);
    }
}
