package io.github.blobdownloader.maven;

/**
 * The cause given to the Mojo exceptions. Maven builds its one-line error from the message of every cause in
 * the chain, so a chain of the core's exception and its JDK causes would turn the line into a paragraph
 * (certificate paths, socket texts). This cause repeats the line, so Maven adds nothing to it, and carries the
 * real failure, with its whole chain, as a suppressed exception: {@code -e} prints it.
 */
final class FailureDetails extends Exception {

    private static final long serialVersionUID = 1L;

    private FailureDetails(Throwable failure) {
        super(failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage(), null, true,
                false);
        addSuppressed(failure);
    }

    static FailureDetails of(Throwable failure) {
        return new FailureDetails(failure);
    }

    /** The failure it stands for. */
    Throwable failure() {
        return getSuppressed()[0];
    }
}
