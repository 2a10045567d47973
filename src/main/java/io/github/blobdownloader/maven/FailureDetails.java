package io.github.blobdownloader.maven;

/**
 * The cause given to the Mojo exceptions. Maven builds its one-line error from the message of every cause in
 * the chain, so a chain of the core's exception and its JDK causes would turn the line into a paragraph
 * (certificate paths, socket texts). This cause repeats the line, so Maven adds nothing to it, and carries the
 * real failure, with its whole chain, as a suppressed exception: {@code -e} prints it.
 */
final class FailureDetails extends Exception {

    private static final long serialVersionUID = 1L;

    private FailureDetails(String line, Throwable failure) {
        super(line, null, true, false);
        addSuppressed(failure);
    }

    /** @param line the Mojo exception's message, which this cause repeats */
    static FailureDetails of(String line, Throwable failure) {
        return new FailureDetails(line, failure);
    }

    /** The failure it stands for. */
    Throwable failure() {
        return getSuppressed()[0];
    }
}
