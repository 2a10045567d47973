package io.github.blobdownloader.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process Docker token service for a {@link RegistryServer} in token-auth mode. It signs RS256 JWTs
 * whose {@code x5c} header carries a self-signed certificate; the registry trusts it because the same
 * certificate is its {@code rootcertbundle}. Key and certificate are made at start with {@code openssl}
 * (the JDK can sign but has no public API to write an X.509 certificate).
 *
 * <p>Policy: users with the right password may pull and push anything; anonymous clients may pull the
 * public repositories only; refresh tokens ({@code identitytoken}) are exchanged by the OAuth2 POST form.
 * Every request is recorded for assertions.
 */
public final class TokenServer implements AutoCloseable {

    public static final String SERVICE = "test-registry";
    public static final String ISSUER = "test-token-server";
    /** distribution accepts a JWT this long after its {@code exp} (clock skew leeway). */
    private static final Duration REGISTRY_LEEWAY = Duration.ofSeconds(60);

    /** One request to the token service, secrets left out. */
    public record Request(String method, String user, List<String> scopes, boolean refreshGrant, int status) {}

    private final HttpServer server;
    private final Path dir;
    private final PrivateKey key;
    private final String certificateBase64;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> publicRepositories = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private volatile long expiresIn = 300;
    private volatile Duration registryValidity = Duration.ofMinutes(5);

    private TokenServer(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        Path certFile = TestCertificates.selfSigned(dir, "rsa:2048");
        this.key = KeyFactory.getInstance("RSA")
                .generatePrivate(
                        new PKCS8EncodedKeySpec(TestCertificates.privateKeyBytes(TestCertificates.keyOf(certFile))));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
        this.certificateBase64 = Base64.getEncoder().encodeToString(cert.getEncoded());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Starts a token service; key and certificate go into a fresh temp dir. */
    public static TokenServer start() {
        try {
            return new TokenServer(Files.createTempDirectory("token-server-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the generated token key", e);
        }
    }

    /** The {@code auth:} section for {@link RegistryServer.Builder#auth(String)}. */
    public String authYaml() {
        return "token:\n  realm: " + realm() + "\n  service: " + SERVICE + "\n  issuer: " + ISSUER
                + "\n  rootcertbundle: " + rootCertBundle();
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public Path rootCertBundle() {
        return dir.resolve(TestCertificates.SELF_SIGNED);
    }

    public TokenServer user(String name, String password) {
        users.put(name, password);
        return this;
    }

    public TokenServer publicRepository(String repository) {
        publicRepositories.add(repository);
        return this;
    }

    /** A refresh token (what {@code docker login} stores as {@code identitytoken}) standing for {@code user}. */
    public TokenServer refreshToken(String token, String user) {
        refreshTokens.put(token, user);
        return this;
    }

    /**
     * @param announced what the answer's {@code expires_in} says, in seconds
     * @param actual    how long the registry really accepts the token (independent of what is announced,
     *                  to play a server whose clock or policy differs)
     */
    public void lifetime(long announced, Duration actual) {
        this.expiresIn = announced;
        this.registryValidity = actual;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every token handed out, to check that none shows up in a log. */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** {@code Bearer <jwt>} granting {@code actions} on {@code repository}, for pushing fixtures. */
    public String bearer(String repository, String... actions) {
        return "Bearer " + jwt("fixture", List.of(access(repository, List.of(actions))));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Map<String, List<String>> params = method.equals("POST")
                    ? parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    : parse(exchange.getRequestURI().getRawQuery());
            boolean refresh = method.equals("POST");
            List<String> scopes = new ArrayList<>();
            for (String s : params.getOrDefault("scope", List.of())) {
                scopes.addAll(refresh ? List.of(s.split(" ")) : List.of(s));
            }
            String user = null;
            if (refresh) {
                if (!"refresh_token".equals(first(params, "grant_type"))
                        || !SERVICE.equals(first(params, "service"))
                        || first(params, "client_id") == null) {
                    reply(exchange, 400, "{\"error\":\"invalid_request\"}", method, null, scopes, true);
                    return;
                }
                user = refreshTokens.get(first(params, "refresh_token"));
                if (user == null) {
                    reply(exchange, 400, "{\"error\":\"invalid_grant\"}", method, null, scopes, true);
                    return;
                }
            } else {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    String pair = new String(
                            Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                            StandardCharsets.UTF_8);
                    String name = pair.substring(0, pair.indexOf(':'));
                    if (!pair.substring(pair.indexOf(':') + 1).equals(users.get(name))) {
                        reply(
                                exchange,
                                401,
                                "{\"details\":\"incorrect username or password\"}",
                                method,
                                name,
                                scopes,
                                false);
                        return;
                    }
                    user = name;
                }
            }
            List<String> access = new ArrayList<>();
            for (String scope : scopes) {
                String[] parts = scope.split(":");
                if (parts.length == 3
                        && parts[0].equals("repository")
                        && (user != null || publicRepositories.contains(parts[1]))) {
                    access.add(access(parts[1], user != null ? List.of(parts[2].split(",")) : List.of("pull")));
                }
            }
            String token = jwt(user == null ? "" : user, access);
            issued.add(token);
            String field = refresh ? "access_token" : "token";
            reply(
                    exchange,
                    200,
                    "{\"" + field + "\":\"" + token + "\",\"expires_in\":" + expiresIn + ",\"issued_at\":\""
                            + Instant.now() + "\"}",
                    method,
                    user,
                    scopes,
                    refresh);
        }
    }

    private void reply(
            HttpExchange exchange,
            int status,
            String body,
            String method,
            String user,
            List<String> scopes,
            boolean refresh)
            throws IOException {
        requests.add(new Request(method, user, List.copyOf(scopes), refresh, status));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String access(String repository, List<String> actions) {
        return "{\"type\":\"repository\",\"name\":" + Json.quote(repository) + ",\"actions\":["
                + String.join(",", actions.stream().map(Json::quote).toList()) + "]}";
    }

    private String jwt(String subject, List<String> access) {
        long now = Instant.now().getEpochSecond();
        long exp = now + registryValidity.minus(REGISTRY_LEEWAY).toSeconds();
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + certificateBase64 + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":" + Json.quote(subject) + ",\"aud\":\"" + SERVICE
                + "\",\"exp\":" + exp + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\""
                + UUID.randomUUID() + "\",\"access\":[" + String.join(",", access) + "]}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> out = new ConcurrentHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        RegistryServer.deleteRecursively(dir);
    }
}
