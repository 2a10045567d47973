package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;

/** The core's {@link Log} on top of a Mojo's log. */
final class MavenLog implements Log {

    private final org.apache.maven.plugin.logging.Log log;

    MavenLog(org.apache.maven.plugin.logging.Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}
