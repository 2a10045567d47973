package io.github.blobdownloader;

/**
 * Base of every failure the core reports. The message is one line meant for the build log: what failed,
 * for which image or registry, and what to do. It never contains a secret.
 */
public class BlobDownloaderException extends RuntimeException {

    private final boolean userError;

    /**
     * @param message   one-line, user-facing explanation
     * @param userError {@code true} when the user can fix it in the configuration (bad reference, unknown
     *                  tag, wrong credentials); {@code false} when something outside went wrong
     * @param cause     underlying cause, may be {@code null}
     */
    public BlobDownloaderException(String message, boolean userError, Throwable cause) {
        super(message, cause);
        this.userError = userError;
    }

    public BlobDownloaderException(String message, boolean userError) {
        this(message, userError, null);
    }

    /** Whether this failure is a mistake in the user's input rather than a fault outside the build. */
    public boolean isUserError() {
        return userError;
    }
}
