package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Log} that keeps every line, prefixed with its level ({@code INFO }, {@code WARN },
 * {@code DEBUG }), so tests can assert on what a user would see. Debug is on, as with {@code -X}.
 */
public final class RecordingLog implements Log {

    private final List<String> lines = new ArrayList<>();

    @Override
    public void info(String message) {
        add("INFO ", message);
    }

    @Override
    public void warn(String message) {
        add("WARN ", message);
    }

    @Override
    public void debug(String message) {
        add("DEBUG ", message);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    private synchronized void add(String level, String message) {
        lines.add(level + message);
    }

    /** Every line so far, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that contain {@code fragment}. */
    public List<String> linesContaining(String fragment) {
        return lines().stream().filter(line -> line.contains(fragment)).toList();
    }

    /** Everything, one line per entry, for assertion messages. */
    public String text() {
        return String.join("\n", lines());
    }
}
