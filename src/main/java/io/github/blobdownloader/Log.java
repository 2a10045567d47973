package io.github.blobdownloader;

/** Where the core reports progress; the Maven layer adapts it to the Mojo's log. No secret is ever passed. */
public interface Log {

    void info(String message);

    void warn(String message);

    void debug(String message);

    boolean isDebugEnabled();

    /** Discards everything; for tests and embedded use. */
    static Log silent() {
        return new Log() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void debug(String message) {}

            @Override
            public boolean isDebugEnabled() {
                return false;
            }
        };
    }
}
