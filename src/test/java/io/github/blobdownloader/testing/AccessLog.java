package io.github.blobdownloader.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Counts the requests a {@link RegistryServer} served, from its access log (Apache combined format, one line
 * per request in {@link RegistryServer#logFile()}). Start the server with {@link #CONFIG} as a config fragment.
 */
public final class AccessLog {

    /** Turns the registry's access log on (the harness turns it off by default). */
    public static final String CONFIG = "log:\n  level: warn\n  accesslog:\n    disabled: false";

    private final Path file;

    public AccessLog(RegistryServer server) {
        this.file = server.logFile();
    }

    /** Requests for {@code /v2/<repository>/...} of any kind, from any client. */
    public long requests(String repository) {
        return count("\"[A-Z]+ /v2/" + Pattern.quote(repository) + "/");
    }

    /** {@code GET}s of blobs of {@code repository}. */
    public long blobGets(String repository) {
        return count("\"GET /v2/" + Pattern.quote(repository) + "/blobs/");
    }

    /** {@code GET}s of manifests of {@code repository}. */
    public long manifestGets(String repository) {
        return count("\"GET /v2/" + Pattern.quote(repository) + "/manifests/");
    }

    /** {@code HEAD}s of manifests of {@code repository}. */
    public long manifestHeads(String repository) {
        return count("\"HEAD /v2/" + Pattern.quote(repository) + "/manifests/");
    }

    private long count(String regex) {
        awaitQuiet();
        Pattern pattern = Pattern.compile(regex);
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> pattern.matcher(line).find())
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry logs a request after sending it; wait until the log stops growing. */
    private void awaitQuiet() {
        try {
            long size = -1;
            for (int i = 0; i < 50; i++) {
                long now = Files.size(file);
                if (now == size) {
                    return;
                }
                size = now;
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
