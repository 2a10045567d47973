package io.github.blobdownloader.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials from Docker's config file, as {@code docker login} leaves them: {@code credHelpers} (a helper
 * per registry), then {@code credsStore} (one helper for all), then {@code auths} ({@code auth} as base64
 * {@code user:password}, {@code username}/{@code password}, or {@code identitytoken}).
 *
 * <p>The config file, the environment helpers run in (its {@code PATH} finds them) and the helper timeout
 * are given, so tests need not touch the real {@code ~/.docker}.
 */
public final class DockerConfigCredentials implements CredentialProvider {

    /** The key {@code docker login} uses for Docker Hub, and the server URL its helpers expect. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private static final Duration DEFAULT_HELPER_TIMEOUT = Duration.ofSeconds(30);

    private final Path configFile;
    private final CredentialHelper helpers;

    /**
     * @param configFile    the {@code config.json} to read; a missing file means no credentials
     * @param environment   environment for credential helpers; its {@code PATH} is where they are looked for
     * @param helperTimeout how long a helper may take before it is stopped and the build fails
     */
    public DockerConfigCredentials(Path configFile, Map<String, String> environment, Duration helperTimeout) {
        this.configFile = configFile;
        this.helpers = new CredentialHelper(environment, helperTimeout);
    }

    /** The user's Docker config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static DockerConfigCredentials fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new DockerConfigCredentials(
                defaultConfigFile(env, Path.of(System.getProperty("user.home"))), env, DEFAULT_HELPER_TIMEOUT);
    }

    static Path defaultConfigFile(Map<String, String> env, Path home) {
        String dir = env.get("DOCKER_CONFIG");
        return dir != null && !dir.isBlank() ? Path.of(dir, "config.json") : home.resolve(".docker/config.json");
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public Optional<Credential> find(String registry) {
        JsonNode config = read();
        if (config == null) {
            return Optional.empty();
        }
        String host = normalize(registry);
        Optional<String> helperKey = matchingKey(config.path("credHelpers"), host);
        if (helperKey.isPresent()) {
            String helper = config.path("credHelpers").path(helperKey.get()).asText("");
            if (!helper.isBlank()) {
                Optional<Credential> found = helpers.get(helper, helperKey.get(), "credHelpers in " + configFile);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        String store = config.path("credsStore").asText("");
        if (!store.isBlank()) {
            String serverUrl = matchingKey(config.path("auths"), host)
                    .orElse(DOCKER_HUB_HOSTS.contains(host) ? DOCKER_HUB_KEY : host);
            Optional<Credential> found = helpers.get(store, serverUrl, "credsStore in " + configFile);
            if (found.isPresent()) {
                return found;
            }
        }
        return matchingKey(config.path("auths"), host)
                .flatMap(key -> fromAuths(key, config.path("auths").path(key)));
    }

    private Optional<Credential> fromAuths(String key, JsonNode entry) {
        String source = "Docker config " + configFile + " (auths '" + key + "')";
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BlobDownloaderException(
                        "the 'auth' value of '" + key + "' in " + configFile + " is not base64; run docker login " + key
                                + " again or fix the file",
                        true);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new BlobDownloaderException(
                        "the 'auth' value of '" + key + "' in " + configFile
                                + " is not base64 of user:password; run docker login " + key + " again or fix the file",
                        true);
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credential.identityToken(username, identityToken, source));
        }
        if (username.isEmpty() || password.isEmpty()) {
            return Optional.empty(); // docker login with a credsStore leaves empty entries here
        }
        return Optional.of(new Credential(username, password, source));
    }

    /** The key of {@code section} naming {@code host}, whatever URL form docker login wrote it in. */
    private static Optional<String> matchingKey(JsonNode section, String host) {
        boolean hub = DOCKER_HUB_HOSTS.contains(host);
        for (Iterator<String> keys = section.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            String keyHost = normalize(key);
            if (keyHost.equals(host) || (hub && DOCKER_HUB_HOSTS.contains(keyHost))) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** {@code https://Host:5000/v1/} → {@code host:5000}. */
    static String normalize(String key) {
        String s = key.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        return slash >= 0 ? s.substring(0, slash) : s;
    }

    private JsonNode read() {
        if (!Files.isRegularFile(configFile)) {
            return null;
        }
        try {
            JsonNode node = JsonTrees.read(java.nio.file.Files.readAllBytes(configFile));
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            // Jackson's message quotes the file's content near the error, which may be a secret.
            throw new BlobDownloaderException(
                    "cannot read Docker's config " + configFile + ": not valid JSON;"
                            + " fix or move the file (or point DOCKER_CONFIG elsewhere)",
                    true);
        }
    }
}
