package io.github.blobdownloader.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Authentication state for one registry: answers a {@code 401} challenge with Basic credentials or with a
 * bearer token from the challenge's realm (the Docker token flow), and caches tokens per scope until they
 * expire. Thread-safe: parallel blob downloads share it.
 */
public final class RegistryAuth {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens without {@code expires_in} are good for 60 s by the token spec. */
    private static final long DEFAULT_TOKEN_SECONDS = 60;
    /** Renew a little early so a token does not expire between our check and the registry's. */
    private static final long EXPIRY_MARGIN_SECONDS = 10;

    private final String registry;
    private final CredentialProvider credentials;
    private final HttpClient http;
    private final Duration timeout;
    private final Predicate<URI> mayReceiveCredentials;
    private final Log log;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile boolean basicRequired;
    private volatile Optional<Credential> credential;

    /**
     * @param registry              the registry as the user named it, for credential lookup and messages
     * @param mayReceiveCredentials whether a URL may be sent secrets (not plain HTTP to a remote host)
     */
    public RegistryAuth(String registry, CredentialProvider credentials, HttpClient http, Duration timeout,
                        Predicate<URI> mayReceiveCredentials, Log log) {
        this.registry = registry;
        this.credentials = credentials;
        this.http = http;
        this.timeout = timeout;
        this.mayReceiveCredentials = mayReceiveCredentials;
        this.log = log;
    }

    /** The {@code Authorization} header to send for {@code scope}, if we already know one. */
    public Optional<String> header(String scope, URI target) {
        if (basicRequired) {
            return credential().filter(c -> mayReceiveCredentials.test(target)).map(Credential::basicHeader);
        }
        Token token = tokens.get(scope);
        if (token != null && token.expires().isAfter(Instant.now())) {
            return Optional.of("Bearer " + token.value());
        }
        return Optional.empty();
    }

    /**
     * Handles a {@code 401}: obtains new authorization for {@code scope} from the challenge. A Basic
     * challenge after Basic credentials were refused fails at once: sending them again cannot help.
     *
     * @param rejected the {@code Authorization} header that was refused, or {@code null} if none was sent
     * @throws AuthenticationException when no usable authorization can be had
     */
    public void challenged(String wwwAuthenticate, String scope, URI target, String rejected, String repository) {
        List<Challenge> challenges = Challenge.parseAll(wwwAuthenticate);
        Optional<Challenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        if (bearer.isPresent() && bearer.get().param("realm") != null) {
            // A fresh token for this scope; the caller limits how often a request may be re-challenged.
            tokens.put(scope, fetchToken(bearer.get(), scope, repository));
            return;
        }
        if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
            if (basicRequired && rejected != null) {
                throw refused(repository, 401);
            }
            basicRequired = true;
            if (credential().isEmpty()) {
                throw refused(repository, 401);
            }
            if (!mayReceiveCredentials.test(target)) {
                throw new AuthenticationException("registry " + registry + " asks for a password over plain HTTP;"
                        + " refusing to send it: use https, or list the registry in <insecureRegistries>");
            }
            return;
        }
        throw new AuthenticationException("registry " + registry + " answered 401 with no usable challenge ("
                + (wwwAuthenticate == null ? "no WWW-Authenticate header" : "schemes: "
                + challenges.stream().map(Challenge::scheme).toList()) + ")");
    }

    /** The error for a final 401/403, naming what was tried but never the secret. */
    public AuthenticationException refused(String repository, int status) {
        String tried = credential().map(c -> "tried " + c.describe())
                .orElse("no credentials were found, so the pull was anonymous");
        String verb = status == 403 ? "denied access to" : "refused authentication for";
        return new AuthenticationException("registry " + registry + " " + verb + " repository " + repository
                + " (" + status + "): " + tried + "; set <username>/<password> (-Dblob.username/-Dblob.password)"
                + " or a settings.xml <server> with id '" + registry + "'");
    }

    private Optional<Credential> credential() {
        Optional<Credential> c = credential;
        if (c == null) {
            synchronized (this) {
                if (credential == null) {
                    credential = credentials.find(registry);
                    credential.ifPresent(found -> log.info("Using credentials for " + registry + ": " + found.describe()));
                }
                c = credential;
            }
        }
        return c;
    }

    private Token fetchToken(Challenge challenge, String scope, String repository) {
        String realm = challenge.param("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new BlobDownloaderException("registry " + registry + " named an invalid token realm", false, e);
        }
        StringBuilder query = new StringBuilder();
        if (challenge.param("service") != null) {
            appendParam(query, "service", challenge.param("service"));
        }
        appendParam(query, "scope", scope);
        String challengeScope = challenge.param("scope");
        if (challengeScope != null && !challengeScope.equals(scope)) {
            appendParam(query, "scope", challengeScope);
        }
        String base = realmUri.toString();
        URI tokenUri = URI.create(base + (base.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(timeout).GET()
                .header("Accept", "application/json");
        Optional<Credential> cred = credential();
        if (cred.isPresent()) {
            if (!mayReceiveCredentials.test(tokenUri)) {
                throw new AuthenticationException("token service of registry " + registry + " is plain HTTP;"
                        + " refusing to send credentials: list the registry in <insecureRegistries> to allow it");
            }
            request.header("Authorization", cred.get().basicHeader());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BlobDownloaderException("cannot reach the token service of registry " + registry + " at "
                    + tokenUri.getHost() + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("interrupted while fetching a token for " + registry, false, e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(repository, response.statusCode());
        }
        if (response.statusCode() / 100 != 2) {
            throw new BlobDownloaderException("token service of registry " + registry + " answered HTTP "
                    + response.statusCode() + " for scope " + scope, false);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String value = body.path("token").asText("");
            if (value.isEmpty()) {
                value = body.path("access_token").asText("");
            }
            if (value.isEmpty()) {
                throw new BlobDownloaderException("token service of registry " + registry
                        + " sent no token", false);
            }
            long seconds = body.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
            long usable = Math.max(1, seconds - Math.min(EXPIRY_MARGIN_SECONDS, seconds / 2));
            log.debug("Got a bearer token for " + registry + " scope " + scope + ", valid " + seconds + " s");
            return new Token(value, Instant.now().plusSeconds(usable));
        } catch (IOException e) {
            throw new BlobDownloaderException("token service of registry " + registry
                    + " sent an unreadable answer", false, e);
        }
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** A bearer token and when we stop using it. */
    private record Token(String value, Instant expires) {
        @Override
        public String toString() {
            return "Token[expires=" + expires + "]";
        }
    }
}
