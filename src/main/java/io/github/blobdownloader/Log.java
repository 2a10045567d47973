package io.github.blobdownloader;

/** Where the core reports progress; the Maven layer adapts it to the Mojo's log. No secret is ever passed. */
public interface Log {

    void info(String message);

    /**
     * A line of transfer progress (bytes, rate, ETA): info where the build shows transfer progress, dropped where
     * it asked for none, as Maven's {@code --no-transfer-progress} does for its own downloads.
     */
    default void progress(String message) {
        info(message);
    }

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
