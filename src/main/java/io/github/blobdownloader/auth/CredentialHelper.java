package io.github.blobdownloader.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.json.JsonTrees;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a Docker credential helper ({@code docker-credential-<name> get}): the server URL on stdin, JSON
 * {@code {"ServerURL","Username","Secret"}} on stdout. A helper that does not know the server answers
 * "credentials not found", which means no credentials; a missing, failing or hanging helper fails the
 * build, as it does for docker itself.
 */
final class CredentialHelper {

    /** What docker's helpers print when they have nothing for a server. */
    private static final String NOT_FOUND = "credentials not found";
    /** Docker's marker user name for an identity token in a helper's answer. */
    private static final String TOKEN_USER = "<token>";

    private static final int MAX_OUTPUT = 64 * 1024;

    private final Map<String, String> environment;
    private final Duration timeout;

    CredentialHelper(Map<String, String> environment, Duration timeout) {
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /**
     * @param name      helper suffix, e.g. {@code desktop} for {@code docker-credential-desktop}
     * @param serverUrl what the helper is asked about
     * @param origin    where the helper was configured, for messages
     */
    Optional<Credential> get(String name, String serverUrl, String origin) {
        String program = "docker-credential-" + name;
        String source = "Docker credential helper " + program + " (" + origin + ")";
        Path executable = locate(program)
                .orElseThrow(() -> new BlobDownloaderException(
                        program
                                + " (" + origin
                                + ") is not on the PATH; install it, or remove it from the config to use"
                                + " other credentials",
                        true));
        ProcessBuilder builder =
                new ProcessBuilder(executable.toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot run " + program + " (" + origin + "): " + e.getMessage(), false, e);
        }
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readBounded(process.getInputStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The helper may exit without reading stdin; its exit code tells what happened.
        }
        String output;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BlobDownloaderException(
                        program + " (" + origin + ") gave no answer within "
                                + timeout.toSeconds() + " s for " + serverUrl + "; check the helper (is it waiting for"
                                + " a keychain unlock?)",
                        false);
            }
            output = new String(stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while running " + program, false, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new BlobDownloaderException("cannot read the answer of " + program + " (" + origin + ")", false);
        }
        if (process.exitValue() != 0) {
            if (output.toLowerCase(Locale.ROOT).contains(NOT_FOUND)) {
                return Optional.empty();
            }
            // A failing helper prints its error, not a secret, on stdout.
            throw new BlobDownloaderException(
                    program + " (" + origin + ") failed for " + serverUrl
                            + " with exit code " + process.exitValue() + ": " + UntrustedText.printable(output)
                            + "; fix the helper or remove it from the config",
                    false);
        }
        return parse(output, program, origin, source);
    }

    private static Optional<Credential> parse(String output, String program, String origin, String source) {
        JsonNode answer;
        try {
            answer = JsonTrees.read(output.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // No cause and no output in the message: the output may hold the secret.
            throw new BlobDownloaderException(
                    program + " (" + origin + ") answered something that is not JSON;"
                            + " fix the helper or remove it from the config",
                    false);
        }
        String username = answer == null ? "" : answer.path("Username").asText("");
        String secret = answer == null ? "" : answer.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (TOKEN_USER.equals(username)) {
            return Optional.of(Credential.identityToken("", secret, source));
        }
        return Optional.of(new Credential(username, secret, source));
    }

    private Optional<Path> locate(String program) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream()); // never let the helper block on a full pipe
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
