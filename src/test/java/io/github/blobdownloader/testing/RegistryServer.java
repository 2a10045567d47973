package io.github.blobdownloader.testing;

import io.github.blobdownloader.tls.TlsTrust;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}) running as a child process on
 * a loopback port, with its own temporary storage. Close it to stop the process and delete the
 * storage; a JVM shutdown hook does the same if a test crashes before closing.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder().htpasswd("user", "secret").start()) {
 *     RegistryApi api = new RegistryApi(registry.baseUri(), "user", "secret");
 *     ...
 * }
 * }</pre>
 *
 * <p>The registry binary is required: when it is missing this fails loudly rather than skipping,
 * so CI cannot silently run without registry coverage.
 */
public final class RegistryServer implements AutoCloseable {

    static final String MISSING_BINARY = "docker-registry binary not found: install it with "
            + "`apt-get install -y docker-registry` (or set REGISTRY_BIN)";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 40;

    private final int port;
    private final boolean tls;
    private final Path workDir;
    private final Process process;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private RegistryServer(int port, boolean tls, Path workDir, Process process, Thread shutdownHook) {
        this.port = port;
        this.tls = tls;
        this.workDir = workDir;
        this.process = process;
        this.shutdownHook = shutdownHook;
    }

    /** Returns a builder for an open (no auth), plain-HTTP registry on a free loopback port. */
    public static Builder builder() {
        return new Builder();
    }

    /** The TCP port the registry listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code "127.0.0.1:PORT"}, the form used in image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://} when TLS is configured). */
    public URI baseUri() {
        return URI.create((tls ? "https" : "http") + "://" + hostPort());
    }

    /** Root directory of the registry's filesystem storage driver. */
    public Path storageDir() {
        return workDir.resolve("storage");
    }

    /** File receiving the registry's stdout and stderr. */
    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    /** The generated registry configuration. */
    public Path configFile() {
        return workDir.resolve("config.yml");
    }

    /** Whether the registry process is still alive. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s) and deletes the temporary directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process, workDir);
        ChildProcesses.removeShutdownHook(shutdownHook);
    }

    @Override
    public String toString() {
        return "RegistryServer[" + baseUri() + ", pid " + process.pid() + "]";
    }

    private static void stop(Process process, Path workDir) {
        ChildProcesses.stop(process, STOP_GRACE);
        deleteRecursively(workDir);
    }

    /** Deletes a test's temporary folder, best effort. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp dir must not fail a test run.
        }
    }

    /** Probes {@code /v2/}; returns the HTTP status or -1 when nothing answers. */
    static int probe(URI baseUri) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) baseUri.resolve("/v2/").toURL().openConnection();
            if (c instanceof HttpsURLConnection https) {
                // Only a liveness probe: the test certificate is usually self-signed.
                https.setSSLSocketFactory(TlsTrust.anything().get().getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            c.setInstanceFollowRedirects(false);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** Configures and starts a {@link RegistryServer}. */
    public static final class Builder {
        private int port;
        private final List<String> htpasswdLines = new ArrayList<>();
        private String authYaml;
        private Path tlsCert;
        private Path tlsKey;
        private final List<String> httpExtras = new ArrayList<>();
        private String proxyYaml;
        private final List<String> fragments = new ArrayList<>();

        private Builder() {}

        /** Listen on this port instead of a free one picked at start. */
        public Builder port(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("Bad port " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Require HTTP Basic auth (realm {@code test-registry}) for this user; call again to add
         * more users. Needs {@code htpasswd} (apache2-utils) on PATH to produce bcrypt hashes.
         */
        public Builder htpasswd(String user, String password) {
            htpasswdLines.add(Htpasswd.bcryptLine(user, password));
            return this;
        }

        /**
         * Sets the body of the {@code auth:} section verbatim (relative indentation kept), e.g.
         * {@code "token:\n  realm: https://...\n  service: test\n  issuer: test\n  rootcertbundle: /x.pem"}.
         */
        public Builder auth(String yamlUnderAuth) {
            this.authYaml = yamlUnderAuth;
            return this;
        }

        /** Serves HTTPS with this PEM certificate and key; {@link #baseUri()} becomes https. */
        public Builder tls(Path certificatePem, Path keyPem) {
            this.tlsCert = certificatePem.toAbsolutePath();
            this.tlsKey = keyPem.toAbsolutePath();
            return this;
        }

        /** Adds lines under {@code http:} (e.g. {@code "host: https://example"}), after addr/tls. */
        public Builder httpExtra(String yamlUnderHttp) {
            httpExtras.add(yamlUnderHttp);
            return this;
        }

        /** Runs as a pull-through cache of {@code remoteUrl} (e.g. {@code https://registry-1.docker.io}). */
        public Builder proxy(String remoteUrl) {
            this.proxyYaml = "remoteurl: " + Yaml.quote(remoteUrl);
            return this;
        }

        /** Pull-through cache of {@code remoteUrl}, authenticating upstream with these credentials. */
        public Builder proxy(String remoteUrl, String username, String password) {
            this.proxyYaml = "remoteurl: " + Yaml.quote(remoteUrl) + "\nusername: " + Yaml.quote(username)
                    + "\npassword: " + Yaml.quote(password);
            return this;
        }

        /**
         * Appends raw top-level YAML. Each top-level key in the fragment replaces the generated
         * section of the same name (e.g. {@code notifications:} adds one, {@code log:} overrides).
         * {@code ${port}} and {@code ${dir}} (the temp dir) are substituted.
         */
        public Builder configFragment(String yaml) {
            fragments.add(yaml);
            return this;
        }

        /** Starts the registry and waits (up to 20 s) until {@code /v2/} answers 200 or 401. */
        public RegistryServer start() {
            if (authYaml != null && !htpasswdLines.isEmpty()) {
                throw new IllegalStateException("Use either htpasswd(...) or auth(...), not both");
            }
            Path binary = RegistryBinary.locate();
            // A port we picked can be grabbed by someone else before the registry binds it: retry.
            int attempts = port == 0 ? 3 : 1;
            IllegalStateException last = null;
            for (int i = 0; i < attempts; i++) {
                int p = port != 0 ? port : freePort();
                try {
                    return launch(binary, p);
                } catch (PortInUseException e) {
                    last = e;
                }
            }
            throw last;
        }

        private RegistryServer launch(Path binary, int p) {
            // Otherwise the readiness probe could be answered by whatever already listens there.
            if (!isFree(p)) {
                throw new PortInUseException(
                        "Cannot start registry: 127.0.0.1:" + p + " is already in use " + "(address already in use)");
            }
            Path dir;
            try {
                dir = Files.createTempDirectory("test-registry-");
                Files.createDirectories(dir.resolve("storage"));
                if (!htpasswdLines.isEmpty()) {
                    Files.writeString(dir.resolve("htpasswd"), String.join("\n", htpasswdLines) + "\n");
                }
                Files.writeString(dir.resolve("config.yml"), config(p, dir));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare registry directory", e);
            }
            Path log = dir.resolve("registry.log");
            ProcessBuilder pb = new ProcessBuilder(
                            binary.toString(),
                            "serve",
                            dir.resolve("config.yml").toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // REGISTRY_* variables override the config file; keep the developer's env out of it.
            pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                deleteRecursively(dir);
                throw new IllegalStateException("Cannot run " + binary + ": " + e.getMessage(), e);
            }
            Thread hook = new Thread(() -> stop(process, dir), "registry-shutdown-" + p);
            Runtime.getRuntime().addShutdownHook(hook);
            RegistryServer server = new RegistryServer(p, tlsCert != null, dir, process, hook);
            try {
                awaitReady(server, process, log);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }

        private static void awaitReady(RegistryServer server, Process process, Path log) {
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String tail = tail(log);
                    String msg = "Registry exited with code " + process.exitValue() + " on start; log tail:\n" + tail;
                    throw tail.contains("address already in use")
                            ? new PortInUseException(msg)
                            : new IllegalStateException(msg);
                }
                int status = probe(server.baseUri());
                if (status == 200 || status == 401) {
                    if (process.isAlive()) {
                        return;
                    }
                    continue; // someone else answered and our process died: report it above
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the registry", e);
                }
            }
            throw new IllegalStateException("Registry did not answer " + server.baseUri() + "/v2/ within "
                    + STARTUP_TIMEOUT.toSeconds() + " s; log tail:\n" + tail(log));
        }

        private String config(int p, Path dir) {
            Map<String, String> sections = new LinkedHashMap<>();
            sections.put("version", "0.1");
            sections.put("log", "level: warn\naccesslog:\n  disabled: true");
            sections.put(
                    "storage",
                    "filesystem:\n  rootdirectory: "
                            + Yaml.quote(dir.resolve("storage").toString())
                            + "\ndelete:\n  enabled: true\nmaintenance:\n  uploadpurging:\n    enabled: false");
            StringBuilder http = new StringBuilder("addr: 127.0.0.1:" + p
                    + "\nsecret: test-registry-secret"); // fixed secret avoids a per-start warning
            if (tlsCert != null) {
                http.append("\ntls:\n  certificate: ")
                        .append(Yaml.quote(tlsCert.toString()))
                        .append("\n  key: ")
                        .append(Yaml.quote(tlsKey.toString()));
            }
            httpExtras.forEach(extra -> http.append('\n').append(Yaml.dedent(extra)));
            sections.put("http", http.toString());
            sections.put("health", "storagedriver:\n  enabled: false");
            // Without an allow list the registry rejects every manifest with urls (foreign layers).
            sections.put("validation", "manifests:\n  urls:\n    allow:\n      - '^https?://'");
            if (!htpasswdLines.isEmpty()) {
                sections.put(
                        "auth",
                        "htpasswd:\n  realm: test-registry\n  path: "
                                + Yaml.quote(dir.resolve("htpasswd").toString()));
            } else if (authYaml != null) {
                sections.put("auth", authYaml);
            }
            if (proxyYaml != null) {
                sections.put("proxy", proxyYaml);
            }
            for (String fragment : fragments) {
                String expanded =
                        fragment.replace("${port}", Integer.toString(p)).replace("${dir}", dir.toString());
                sections.putAll(Yaml.topLevelSections(expanded));
            }
            return Yaml.render(sections);
        }

        private static boolean isFree(int p) {
            try (ServerSocket s = new ServerSocket(p, 0, InetAddress.getLoopbackAddress())) {
                return s.isBound();
            } catch (IOException e) {
                return false;
            }
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free loopback port", e);
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(log unreadable: " + e.getMessage() + ")";
            }
        }
    }

    /** Start failure caused by a port conflict; retried when the port was picked by us. */
    private static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }

    /** Finds the registry executable. */
    static final class RegistryBinary {
        private RegistryBinary() {}

        /** {@code $REGISTRY_BIN}, else {@code docker-registry} or {@code registry} on PATH, else /usr/bin. */
        static Path locate() {
            String env = System.getenv("REGISTRY_BIN");
            if (env != null && !env.isBlank()) {
                Path p = Path.of(env);
                if (Files.isExecutable(p)) {
                    return p;
                }
                throw new IllegalStateException(MISSING_BINARY + " [REGISTRY_BIN=" + env + " is not executable]");
            }
            for (String name : List.of("docker-registry", "registry")) {
                Path p = onPath(name);
                if (p != null) {
                    return p;
                }
            }
            Path fallback = Path.of("/usr/bin/docker-registry");
            if (Files.isExecutable(fallback)) {
                return fallback;
            }
            throw new IllegalStateException(MISSING_BINARY);
        }

        static Path onPath(String name) {
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Produces bcrypt htpasswd lines with the {@code htpasswd} tool (the JDK has no bcrypt). */
    static final class Htpasswd {
        private Htpasswd() {}

        static String bcryptLine(String user, String password) {
            Path tool = RegistryBinary.onPath("htpasswd");
            if (tool == null) {
                throw new IllegalStateException("htpasswd not found on PATH (needed for bcrypt): "
                        + "install it with `apt-get install -y apache2-utils`");
            }
            try {
                Process p = new ProcessBuilder(tool.toString(), "-Bbn", user, password)
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith(user + ":")) {
                    p.destroyForcibly();
                    throw new IllegalStateException("htpasswd failed: " + out);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run htpasswd", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted running htpasswd", e);
            }
        }
    }

    /** Minimal YAML helpers for the generated config. */
    static final class Yaml {
        private Yaml() {}

        /** Double-quoted YAML scalar (JSON string syntax is valid YAML). */
        static String quote(String s) {
            return Json.quote(s);
        }

        /** Splits a document into top-level {@code key -> body} (body de-indented by its first line). */
        static Map<String, String> topLevelSections(String yaml) {
            Map<String, String> out = new LinkedHashMap<>();
            String key = null;
            List<String> body = new ArrayList<>();
            for (String line : dedent(yaml).split("\n", -1)) {
                boolean topLevel = !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
                if (topLevel) {
                    if (key != null) {
                        out.put(key, dedent(String.join("\n", body)));
                    }
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        throw new IllegalArgumentException("Not a top-level 'key:' line: " + line);
                    }
                    key = line.substring(0, colon).strip();
                    body = new ArrayList<>();
                    String inline = line.substring(colon + 1).strip();
                    if (!inline.isEmpty()) {
                        body.add(inline);
                    }
                } else if (key != null) {
                    body.add(line);
                }
            }
            if (key != null) {
                out.put(key, dedent(String.join("\n", body)));
            }
            return out;
        }

        /** Drops blank leading/trailing lines and the common indentation, keeping relative indentation. */
        static String dedent(String text) {
            List<String> lines =
                    new ArrayList<>(text.replace("\t", "  ").lines().toList());
            while (!lines.isEmpty() && lines.get(0).isBlank()) {
                lines.remove(0);
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            int min = lines.stream()
                    .filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length())
                    .min()
                    .orElse(0);
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l.isBlank() ? "" : l.substring(min).stripTrailing()).append('\n');
            }
            return sb.toString().stripTrailing();
        }

        /** Renders sections; single-line scalar bodies stay inline ({@code version: 0.1}). */
        static String render(Map<String, String> sections) {
            StringBuilder sb = new StringBuilder();
            sections.forEach((key, body) -> {
                String b = dedent(body);
                if (!b.contains("\n") && !b.contains(": ") && !b.endsWith(":") && !b.startsWith("- ")) {
                    sb.append(key).append(": ").append(b).append('\n');
                } else {
                    sb.append(key).append(":\n");
                    b.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
                }
            });
            return sb.toString();
        }
    }
}
