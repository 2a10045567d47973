package io.github.blobdownloader.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool nobody here wrote ({@code skopeo}, {@code umoci}, {@code tar}, {@code docker},
 * {@code podman}, {@code buildah}) to check what the plugin wrote. A missing tool fails the test with an
 * install hint; it never skips.
 */
public final class ExternalTool {

    private static final long TIMEOUT_SECONDS = 60;

    private final String name;
    private final String installHint;
    private final List<String> leadingArgs;
    private final Map<String, String> environment;

    private ExternalTool(String name, String installHint) {
        this(name, installHint, List.of(), Map.of());
    }

    private ExternalTool(String name, String installHint, List<String> leadingArgs, Map<String, String> environment) {
        this.name = name;
        this.installHint = installHint;
        this.leadingArgs = List.copyOf(leadingArgs);
        this.environment = Map.copyOf(environment);
    }

    /** The same tool with {@code args} before every command's own (global options such as {@code --root}). */
    public ExternalTool withLeadingArgs(String... args) {
        List<String> all = new ArrayList<>(leadingArgs);
        all.addAll(List.of(args));
        return new ExternalTool(name, installHint, all, environment);
    }

    /** The same tool with one more environment variable set for its runs. */
    public ExternalTool withEnvironment(String variable, String value) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.put(variable, value);
        return new ExternalTool(name, installHint, leadingArgs, all);
    }

    public static ExternalTool skopeo() {
        return new ExternalTool("skopeo", "apt-get install -y skopeo");
    }

    public static ExternalTool umoci() {
        return new ExternalTool("umoci", "apt-get install -y umoci");
    }

    /** Loads a docker-archive as {@code docker load} does ({@code podman load -i}); works as root without a daemon. */
    public static ExternalTool podman() {
        return new ExternalTool("podman", "apt-get install -y podman");
    }

    public static ExternalTool openssl() {
        return new ExternalTool("openssl", "apt-get install openssl");
    }

    public static ExternalTool tar() {
        return new ExternalTool("tar", "apt-get install -y tar");
    }

    /** The Docker client; point it at a daemon with {@link #withEnvironment} ({@code DOCKER_HOST}). */
    public static ExternalTool docker() {
        return new ExternalTool("docker", DockerEngine.INSTALL_HINT);
    }

    /**
     * podman or buildah with their own storage under {@code storage} (vfs, no system service), so tests
     * neither see nor change the machine's images.
     */
    public static ExternalTool containersTool(String name, Path storage) {
        ExternalTool tool = new ExternalTool(name, "apt-get install -y " + name)
                .withLeadingArgs(
                        "--root",
                        storage.resolve("root").toString(),
                        "--runroot",
                        storage.resolve("run").toString(),
                        "--storage-driver",
                        "vfs");
        return name.equals("podman")
                ? tool.withLeadingArgs("--cgroup-manager", "cgroupfs", "--events-backend", "file")
                : tool;
    }

    /** What a finished run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs the tool and fails (naming the command and its stderr) unless it exits with 0. */
    public String run(String... args) {
        Result result = runAllowingFailure(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(name + " " + String.join(" ", args) + " exited with " + result.exitCode() + ": "
                    + result.stderr().strip() + " " + result.stdout().strip());
        }
        return result.stdout();
    }

    /** Runs the tool and returns whatever happened. */
    public Result runAllowingFailure(String... args) {
        List<String> command = new ArrayList<>();
        command.add(locate());
        command.addAll(leadingArgs);
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(name, ".out");
            Path err = Files.createTempFile(name, ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(environment);
                Process process = builder.redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(name + " did not finish within " + TIMEOUT_SECONDS + " s: " + command);
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private String locate() {
        return locate(name, installHint);
    }

    /** The executable {@code name} on the PATH (or in /usr/sbin, where daemons live); fails with the hint. */
    static String locate(String name, String installHint) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(
                name + " not found on PATH: install it with `" + installHint + "`" + " (.ci/run does this on CI)");
    }
}
