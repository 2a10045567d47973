package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A core {@link Log} that keeps every line ({@code INFO …}, {@code WARN …}, {@code DEBUG …}) for assertions. */
public final class LogLines implements Log {

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

    /** Whether some line contains {@code text}. */
    public boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
