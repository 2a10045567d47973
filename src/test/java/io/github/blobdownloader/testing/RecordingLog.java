package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A core {@link Log} that keeps every line, prefixed with its level, for assertions. */
public final class RecordingLog implements Log {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Everything logged, one line each. */
    public String text() {
        return String.join("\n", lines);
    }
}
