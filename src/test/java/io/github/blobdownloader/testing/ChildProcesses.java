package io.github.blobdownloader.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping the daemons tests start ({@code docker-registry}, {@code dockerd}) within a bounded time. */
final class ChildProcesses {

    private ChildProcesses() {}

    /**
     * SIGTERM, then SIGKILL after {@code grace}; the processes it started (dockerd's containerd) are killed
     * too when they outlive it.
     */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Removes a shutdown hook that stops a daemon already stopped. */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; it is idempotent with what the caller just did.
        }
    }
}
