package io.github.blobdownloader.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.http.Failures;
import io.github.blobdownloader.http.Headers;
import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.HttpTransport;
import io.github.blobdownloader.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Authentication state for one registry: answers a {@code 401} challenge with Basic credentials or with a
 * bearer token from the challenge's realm (the Docker token flow), and caches tokens per scope until they
 * expire. Thread-safe: parallel blob downloads share it.
 */
public final class RegistryAuth {

    /** Tokens without {@code expires_in} are good for 60 s by the token spec. */
    private static final long DEFAULT_TOKEN_SECONDS = 60;
    /** Renew a little early so a token does not expire between our check and the registry's. */
    private static final long EXPIRY_MARGIN_SECONDS = 10;
    /** Who we are to OAuth2 token services. */
    private static final String CLIENT_ID = "blob-downloader-maven-plugin";

    private final String registry;
    private final CredentialProvider credentials;
    /** Token bodies are a few KiB; a service sending more is broken or hostile. */
    static final int MAX_TOKEN_BYTES = 1 << 20;

    private final HttpTransport http;
    private final Duration timeout;
    private final Predicate<URI> mayReceiveCredentials;
    private final Log log;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /** One token request per scope at a time: parallel downloads wait for it instead of asking again. */
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    private volatile boolean basicRequired;
    private volatile Optional<Credential> credential;
    /** The bearer challenge the endpoint probe saw, so the first request of each scope can carry a token. */
    private volatile String probedChallenge;

    /**
     * @param registry              the registry as the user named it, for credential lookup and messages
     * @param http                  the pipeline beneath authentication (redirects, retries, the client): token
     *                              requests get its timeouts, retries, proxies and TLS trust
     * @param timeout               the idle timeout, for messages
     * @param mayReceiveCredentials whether a URL may be sent secrets (not plain HTTP to a remote host)
     */
    public RegistryAuth(
            String registry,
            CredentialProvider credentials,
            HttpTransport http,
            Duration timeout,
            Predicate<URI> mayReceiveCredentials,
            Log log) {
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
            return credential()
                    .filter(c -> !c.isIdentityToken() && mayReceiveCredentials.test(target))
                    .map(Credential::basicHeader);
        }
        Token token = tokens.get(scope);
        if (token != null && token.expires().isAfter(Instant.now())) {
            return Optional.of("Bearer " + token.value());
        }
        String probed = probedChallenge;
        if (probed != null && scope != null) {
            // The probe showed the token service: ask it before the first request instead of after a 401,
            // once per scope however many downloads start at the same time.
            synchronized (fetching.computeIfAbsent(scope, k -> new Object())) {
                token = tokens.get(scope);
                if (token == null || !token.expires().isAfter(Instant.now())) {
                    challenged(probed, scope, target, null, scope.split(":")[1]);
                    token = tokens.get(scope);
                }
            }
            return token == null ? Optional.empty() : Optional.of("Bearer " + token.value());
        }
        return Optional.empty();
    }

    /**
     * What the endpoint probe's {@code 401} said: with a bearer challenge, tokens are fetched before each
     * scope's first request; with Basic, credentials go with every request.
     */
    public void probed(String wwwAuthenticate) {
        List<Challenge> challenges = Challenge.parseAll(wwwAuthenticate);
        Optional<Challenge> bearer =
                challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        if (bearer.isPresent() && bearer.get().param("realm") != null) {
            probedChallenge = wwwAuthenticate;
        } else if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))
                && credential().filter(c -> !c.isIdentityToken()).isPresent()) {
            basicRequired = true;
        }
    }

    /**
     * Handles a {@code 401}: obtains new authorization for {@code scope} from the challenge. A Basic
     * challenge after Basic credentials were refused fails at once: sending them again cannot help.
     *
     * @param target   the URL that answered 401; credentials (and tokens got with them) only go to URLs
     *                 that may receive them
     * @param rejected the {@code Authorization} header that was refused, or {@code null} if none was sent
     * @throws AuthenticationException when no usable authorization can be had
     */
    public void challenged(String wwwAuthenticate, String scope, URI target, String rejected, String repository) {
        List<Challenge> challenges = Challenge.parseAll(wwwAuthenticate);
        Optional<Challenge> bearer =
                challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        if (bearer.isPresent() && bearer.get().param("realm") != null) {
            if (rejected != null) {
                log.debug("Registry " + registry + " refused the token for " + scope + " ("
                        + Objects.toString(bearer.get().param("error"), "no reason given") + "); asking for a new one");
            }
            // A fresh token for this scope; the caller limits how often a request may be re-challenged.
            tokens.put(scope, fetchToken(bearer.get(), scope, target, repository));
            return;
        }
        if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
            if (basicRequired && rejected != null) {
                throw refused(repository, 401);
            }
            basicRequired = true;
            Optional<Credential> cred = credential();
            if (cred.isEmpty()) {
                throw refused(repository, 401);
            }
            if (cred.get().isIdentityToken()) {
                throw new AuthenticationException("registry " + registry + " asks for a password (Basic), but "
                        + cred.get().describe() + " holds an identity token, which only works with token"
                        + " authentication; give a username and password instead");
            }
            if (!mayReceiveCredentials.test(target)) {
                throw plainHttp(target);
            }
            return;
        }
        throw new AuthenticationException("registry " + registry + " answered 401 with no usable challenge ("
                + (wwwAuthenticate == null
                        ? "no WWW-Authenticate header"
                        : "schemes: "
                                + challenges.stream().map(Challenge::scheme).toList())
                + ")");
    }

    /** The error for a final 401/403, naming what was tried but never the secret. */
    public AuthenticationException refused(String repository, int status) {
        String tried = credential()
                .map(c -> "tried " + c.describe())
                .orElse("no credentials were found, so the pull was anonymous");
        String verb = status == 403 ? "denied access to" : "refused authentication for";
        return new AuthenticationException("registry " + registry + " " + verb + " repository " + repository
                + " (" + status + "): " + tried + "; set " + Setting.USERNAME + "/" + Setting.PASSWORD + ","
                + " " + Setting.SERVER_CREDENTIALS + " with id '" + registry + "', or log in with docker login");
    }

    private AuthenticationException plainHttp(URI where) {
        return new AuthenticationException("registry " + registry + " wants credentials, but " + where.getScheme()
                + "://" + where.getAuthority() + " is plain HTTP and not loopback; refusing to send them: use"
                + " https, or list the registry in " + Setting.INSECURE_REGISTRIES);
    }

    /** Looks credentials up once, when the registry first asks, and says at info which source it used. */
    private Optional<Credential> credential() {
        Optional<Credential> c = credential;
        if (c == null) {
            synchronized (this) {
                if (credential == null) {
                    credential = credentials.find(registry);
                    if (credential.isPresent()) {
                        log.info("Using credentials for " + registry + ": "
                                + credential.get().describe());
                    } else {
                        log.info("No credentials found for " + registry + "; continuing anonymously");
                    }
                }
                c = credential;
            }
        }
        return c;
    }

    private Token fetchToken(Challenge challenge, String scope, URI target, String repository) {
        String realm = challenge.param("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
            if (realmUri.getScheme() == null || realmUri.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
        } catch (IllegalArgumentException e) {
            throw new BlobDownloaderException("registry " + registry + " named an invalid token realm", false, e);
        }
        List<String> scopes = new ArrayList<>(List.of(scope));
        String challengeScope = challenge.param("scope");
        if (challengeScope != null && !challengeScope.isBlank() && !challengeScope.equals(scope)) {
            scopes.add(challengeScope);
        }
        String service = challenge.param("service");
        Optional<Credential> cred = credential();
        if (cred.isPresent() && !mayReceiveCredentials.test(realmUri)) {
            throw plainHttp(realmUri);
        }
        if (cred.isPresent() && !mayReceiveCredentials.test(target)) {
            // The token stands for the credentials: it must not travel in the clear either.
            throw plainHttp(target);
        }
        HttpRequest request = cred.filter(Credential::isIdentityToken)
                .map(c -> refreshTokenRequest(realmUri, service, scopes, c))
                .orElseGet(() -> tokenRequest(realmUri, service, scopes, cred));
        String where = "the token service of registry " + registry + " at " + realmUri.getHost();
        byte[] bytes;
        int status;
        try (HttpResponse response = http.send(request)) {
            status = response.statusCode();
            if (status / 100 != 2) {
                response.discard();
            }
            bytes = status / 100 == 2 ? readToken(response.body(), where) : new byte[0];
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot get a token from " + where + ": " + Failures.explain(hostPort(realmUri), e, timeout),
                    false,
                    e);
        }
        // OAuth2 answers a bad refresh token with 400 invalid_grant.
        if (status == 401 || status == 403 || (status == 400 && request.method().equals("POST"))) {
            throw refused(repository, status == 400 ? 401 : status);
        }
        if (status / 100 != 2) {
            throw new BlobDownloaderException(
                    where + " answered HTTP " + status + " for scope " + scope
                            + (status >= 500
                                    ? "; the service is failing, try again later or raise " + Setting.RETRIES
                                    : ""),
                    false);
        }
        try {
            JsonNode body = JsonTrees.read(bytes);
            String value = body.path("token").asText("");
            if (value.isEmpty()) {
                value = body.path("access_token").asText("");
            }
            if (value.isEmpty()) {
                throw new BlobDownloaderException("token service of registry " + registry + " sent no token", false);
            }
            long seconds = body.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
            if (seconds <= 0) {
                seconds = DEFAULT_TOKEN_SECONDS;
            }
            long usableMillis = Math.max(500, seconds * 1000 - Math.min(EXPIRY_MARGIN_SECONDS * 1000, seconds * 500));
            log.debug("Got a bearer token for " + registry + " scope " + scope + ", valid " + seconds + " s");
            return new Token(value, Instant.now().plusMillis(usableMillis));
        } catch (IOException e) {
            throw new BlobDownloaderException(where + " sent an answer that is not JSON", false, e);
        }
    }

    private static byte[] readToken(InputStream in, String where) throws IOException {
        byte[] bytes = in.readNBytes(MAX_TOKEN_BYTES + 1);
        if (bytes.length > MAX_TOKEN_BYTES) {
            throw new IOException(where + " sent more than " + (MAX_TOKEN_BYTES >> 20) + " MiB, which is no token");
        }
        return bytes;
    }

    private static String hostPort(URI uri) {
        return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    /** The Docker token flow: GET the realm, with Basic credentials when there are some. */
    private HttpRequest tokenRequest(URI realm, String service, List<String> scopes, Optional<Credential> cred) {
        StringBuilder query = new StringBuilder();
        if (service != null) {
            appendParam(query, "service", service);
        }
        scopes.forEach(s -> appendParam(query, "scope", s));
        String base = realm.toString();
        Headers headers = Headers.empty().with("Accept", "application/json");
        if (cred.isPresent()) {
            headers = headers.with("Authorization", cred.get().basicHeader());
        }
        return new HttpRequest(
                "GET", URI.create(base + (base.contains("?") ? "&" : "?") + query), headers, null, false);
    }

    /** The OAuth2 flow for identity tokens: POST a refresh_token grant to the realm. */
    private HttpRequest refreshTokenRequest(URI realm, String service, List<String> scopes, Credential cred) {
        StringBuilder form = new StringBuilder();
        appendParam(form, "grant_type", "refresh_token");
        if (service != null) {
            appendParam(form, "service", service);
        }
        appendParam(form, "scope", String.join(" ", scopes));
        appendParam(form, "client_id", CLIENT_ID);
        appendParam(form, "refresh_token", cred.identityToken());
        Headers headers = Headers.empty()
                .with("Content-Type", "application/x-www-form-urlencoded")
                .with("Accept", "application/json");
        return new HttpRequest("POST", realm, headers, form.toString().getBytes(StandardCharsets.UTF_8), false);
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
