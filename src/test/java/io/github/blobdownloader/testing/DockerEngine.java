package io.github.blobdownloader.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Docker engine ({@code dockerd} of Debian's {@code docker.io}) as a child process, with its own data
 * root, exec root, pid file and socket in a temporary folder, so it neither sees nor changes the machine's
 * Docker. vfs storage and no networking (no bridge, no iptables) make it start as root inside a container or
 * VM without kernel modules. Start it once per test class; close it to stop it and delete its folder (a JVM
 * shutdown hook does the same after a crash).
 *
 * <p>When the daemon cannot start, this fails with the install hint; it never skips.
 */
public final class DockerEngine implements AutoCloseable {

    public static final String INSTALL_HINT = "apt-get install -y docker.io";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 20;

    private final Path workDir;
    private final Process process;
    private final Thread shutdownHook;
    private final ExternalTool client;
    private volatile boolean closed;

    private DockerEngine(Path workDir, Process process, Thread shutdownHook) {
        this.workDir = workDir;
        this.process = process;
        this.shutdownHook = shutdownHook;
        // Its own client config too: nothing of the user's ~/.docker is read or written.
        this.client = ExternalTool.docker()
                .withEnvironment("DOCKER_HOST", host())
                .withEnvironment("DOCKER_CONFIG", workDir.resolve("client").toString());
    }

    /** Starts a daemon and waits (at most 30 s) until it answers. */
    public static DockerEngine start() {
        String dockerd = ExternalTool.locate("dockerd", INSTALL_HINT);
        Path workDir;
        try {
            // Short path: the daemon's and containerd's unix sockets live below it (108 bytes at most).
            workDir = Files.createTempDirectory(Path.of("/tmp"), "dockerd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(
                dockerd,
                "--storage-driver=vfs",
                "--iptables=false",
                "--ip-masq=false",
                "--bridge=none",
                "--data-root=" + workDir.resolve("data"),
                "--exec-root=" + workDir.resolve("exec"),
                "--pidfile=" + workDir.resolve("dockerd.pid"),
                "-H",
                "unix://" + workDir.resolve("docker.sock"));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("dockerd.log").toFile())
                    .start();
        } catch (IOException e) {
            RegistryServer.deleteRecursively(workDir);
            throw new AssertionError(
                    "cannot run " + dockerd + ": " + e + "; install it with `" + INSTALL_HINT + "`", e);
        }
        Thread hook = new Thread(() -> stop(process, workDir), "dockerd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DockerEngine engine = new DockerEngine(workDir, process, hook);
        engine.awaitReady();
        return engine;
    }

    /** {@code unix:///tmp/dockerd…/docker.sock}, for {@code DOCKER_HOST}. */
    public String host() {
        return "unix://" + workDir.resolve("docker.sock");
    }

    /** The {@code docker} client talking to this daemon. */
    public ExternalTool client() {
        return client;
    }

    /** The engine's version, e.g. {@code 20.10.24+dfsg1}. */
    public String serverVersion() {
        return client.run("version", "--format", "{{.Server.Version}}").strip();
    }

    /** The engine's major version: zstd layers load from 23 on. */
    public int majorVersion() {
        return Integer.parseInt(serverVersion().split("\\.")[0]);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw notStarted("exited with " + process.exitValue());
            }
            if (Files.exists(workDir.resolve("docker.sock"))
                    && client.runAllowingFailure("version", "--format", "{{.Server.Version}}")
                                    .exitCode()
                            == 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new AssertionError("interrupted while waiting for dockerd", e);
            }
        }
        AssertionError error = notStarted("did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s");
        close();
        throw error;
    }

    private AssertionError notStarted(String what) {
        return new AssertionError("dockerd " + what + " (it needs root; install it with `" + INSTALL_HINT
                + "`, .ci/run does this on CI); its log ends with:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("dockerd.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the daemon (SIGTERM, SIGKILL after 15 s, with the containerd it started) and deletes its folder. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process, workDir);
        ChildProcesses.removeShutdownHook(shutdownHook);
    }

    private static void stop(Process process, Path workDir) {
        // dockerd stops its containerd on SIGTERM; after a SIGKILL, ChildProcesses kills it.
        ChildProcesses.stop(process, STOP_GRACE);
        RegistryServer.deleteRecursively(workDir);
    }

    @Override
    public String toString() {
        return "DockerEngine[" + host() + ", pid " + process.pid() + "]";
    }
}
