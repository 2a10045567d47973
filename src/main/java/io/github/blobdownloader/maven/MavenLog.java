package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;

/** The core's {@link Log} on top of a Mojo's log, with the settings its lines name in Maven's words. */
final class MavenLog implements Log {

    private final org.apache.maven.plugin.logging.Log log;

    MavenLog(org.apache.maven.plugin.logging.Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(MavenSyntax.render(message));
    }

    @Override
    public void warn(String message) {
        log.warn(MavenSyntax.render(message));
    }

    @Override
    public void debug(String message) {
        log.debug(MavenSyntax.render(message));
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}
