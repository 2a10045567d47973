package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;
import java.lang.reflect.Field;
import org.apache.maven.execution.MavenSession;

/** The core's {@link Log} on top of a Mojo's log, with the settings its lines name in Maven's words. */
final class MavenLog implements Log {

    private final org.apache.maven.plugin.logging.Log log;
    private final boolean transferProgress;

    /** @param transferProgress whether progress lines are shown, as Maven shows its own transfer progress */
    MavenLog(org.apache.maven.plugin.logging.Log log, boolean transferProgress) {
        this.log = log;
        this.transferProgress = transferProgress;
    }

    /**
     * Whether the build shows transfer progress. A plugin cannot read {@code -ntp} itself; what Maven does with it
     * is to give the request a {@code QuietMavenTransferListener} (3.6.1 to 3.9: {@code org.apache.maven.cli
     * .transfer}, 4.0: {@code org.apache.maven.cling.transfer}), as it does for {@code -q}, and on Maven 4 also
     * for {@code -l} and on CI. Maven's own progress follows the same listener. Maven 4 hands it to the request
     * inside its {@code MavenTransferListener}, which has no getter: its {@code delegate} field is read.
     */
    static boolean showsTransferProgress(MavenSession session) {
        return showsTransferProgress(transferListener(session));
    }

    static boolean showsTransferProgress(Object transferListener) {
        return transferListener == null
                || !transferListener.getClass().getSimpleName().equals("QuietMavenTransferListener");
    }

    /** For -X: which listener the decision saw. */
    static String transferListenerName(MavenSession session) {
        Object listener = transferListener(session);
        return listener == null ? "none" : listener.getClass().getName();
    }

    private static Object transferListener(MavenSession session) {
        Object listener = session == null || session.getRequest() == null
                ? null
                : session.getRequest().getTransferListener();
        return unwrapped(listener);
    }

    /** Maven 4's wrapper (org.apache.maven.logging.MavenTransferListener) around the listener the CLI chose. */
    static Object unwrapped(Object listener) {
        for (int depth = 0; listener != null && depth < 3; depth++) {
            if (!listener.getClass().getName().equals("org.apache.maven.logging.MavenTransferListener")) {
                return listener;
            }
            try {
                Field delegate = listener.getClass().getDeclaredField("delegate");
                delegate.setAccessible(true);
                listener = delegate.get(listener);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return listener; // another Maven: the wrapper stands for a listener that shows progress
            }
        }
        return listener;
    }

    @Override
    public void info(String message) {
        log.info(MavenSyntax.render(message));
    }

    @Override
    public void progress(String message) {
        if (transferProgress) {
            info(message);
        }
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
