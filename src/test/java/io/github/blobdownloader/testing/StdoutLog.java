package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;

/** A core {@link Log} for child JVMs in tests: every line on standard output, which the parent captures. */
public final class StdoutLog implements Log {

    @Override
    public void info(String message) {
        System.out.println("INFO " + message);
    }

    @Override
    public void warn(String message) {
        System.out.println("WARN " + message);
    }

    @Override
    public void debug(String message) {
        System.out.println("DEBUG " + message);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }
}
