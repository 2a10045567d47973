package io.github.blobdownloader.maven;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The cause chain given to the Mojo exceptions. Maven builds its one-line error from the message of every
 * cause in the chain, so the core's exception and its JDK causes (certificate paths, socket texts) would turn
 * the line into a paragraph. Each link here stands for one exception of the real chain: its message repeats the
 * line, so Maven adds nothing to it; its stack trace and {@link #toString()} are the real exception's. The
 * first link also carries the real chain as a suppressed exception, which {@code -e} prints whole on Maven 3.9
 * and 4; Maven 3.8 prints the links, with the real stack frames.
 */
final class FailureDetails extends Exception {

    private static final long serialVersionUID = 1L;

    private final String shown;

    private FailureDetails(String line, Throwable original, FailureDetails cause) {
        super(line, cause, true, true);
        this.shown = original.toString();
        setStackTrace(original.getStackTrace());
    }

    /** @param line the Mojo exception's message, which every link repeats */
    static FailureDetails of(String line, Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        FailureDetails link = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            link = new FailureDetails(line, chain.get(i), link);
        }
        link.addSuppressed(failure);
        return link;
    }

    /** The real exception's class and message, as {@code -e} prints it. */
    @SuppressWarnings("OverrideThrowableToString") // getMessage() stays the one line; -e prints toString()
    @Override
    public String toString() {
        return shown;
    }
}
