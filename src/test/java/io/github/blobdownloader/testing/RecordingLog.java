package io.github.blobdownloader.testing;

import io.github.blobdownloader.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Log} that keeps every line (debug included) so tests can assert on them and scan them for secrets. */
public final class RecordingLog implements Log {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile String marker;
    private volatile Runnable action;

    /** Sleeps when a line containing {@code marker} is logged: a way to stall a pull at a known point. */
    public RecordingLog pauseOn(String marker, long millis) {
        return onLine(marker, () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs {@code action} (in the logging thread) when a line containing {@code marker} is logged. */
    public RecordingLog onLine(String marker, Runnable action) {
        this.marker = marker;
        this.action = action;
        return this;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that contain {@code fragment}. */
    public List<String> linesContaining(String fragment) {
        return lines().stream().filter(line -> line.contains(fragment)).toList();
    }

    /** Whether some line contains {@code text}. */
    public boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    @Override
    public String toString() {
        return text();
    }

    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void info(String message) {
        record("INFO " + message);
    }

    @Override
    public void warn(String message) {
        record("WARN " + message);
    }

    @Override
    public void debug(String message) {
        record("DEBUG " + message);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    private void record(String line) {
        lines.add(line);
        String m = marker;
        if (m != null && line.contains(m)) {
            action.run();
        }
    }
}
