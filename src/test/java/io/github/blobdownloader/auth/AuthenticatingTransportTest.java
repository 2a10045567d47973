package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.ScriptedTransport;
import io.github.blobdownloader.testing.RecordingLog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatingTransportTest {

    private static final URI MANIFEST = URI.create("https://registry.test/v2/team/app/manifests/1.0");
    private static final String BEARER = "Bearer realm=\"https://auth.test/token\",service=\"registry.test\"";

    /** The registry's answers (what the layer wraps) and the token service's, which auth fetches beneath. */
    private final ScriptedTransport registry = new ScriptedTransport();

    private final ScriptedTransport tokens = new ScriptedTransport();

    private AuthenticatingTransport layer(Optional<Credential> credential) {
        RegistryAuth auth = new RegistryAuth(
                "registry.test", r -> credential, tokens, Duration.ofSeconds(5), uri -> true, new RecordingLog());
        return new AuthenticatingTransport(registry, auth);
    }

    @Test
    void aBearerChallengeIsAnsweredWithATokenFromItsRealmAndTheRequestSentAgain() throws IOException {
        registry.thenStatus(401, Map.of("WWW-Authenticate", BEARER), "").thenStatus(200, Map.of(), "manifest");
        tokens.thenStatus(200, Map.of(), "{\"token\":\"t-1\",\"expires_in\":300}");

        HttpResponse response = layer(Optional.empty()).send(HttpRequest.get(MANIFEST));

        assertEquals(200, response.statusCode());
        HttpRequest tokenRequest = tokens.requests().get(0);
        assertEquals("auth.test", tokenRequest.uri().getHost());
        assertTrue(
                tokenRequest.uri().getRawQuery().contains("scope=repository%3Ateam%2Fapp%3Apull"),
                tokenRequest.uri().toString());
        assertFalse(registry.requests().get(0).headers().contains("Authorization"));
        assertEquals(
                "Bearer t-1",
                registry.requests().get(1).headers().firstValue("Authorization").orElseThrow());
    }

    @Test
    void aRefusedTokenIsRenewedOnceThenTheRefusalIsTheAnswer() throws IOException {
        for (int i = 0; i < 3; i++) {
            registry.thenStatus(401, Map.of("WWW-Authenticate", BEARER + ",error=\"invalid_token\""), "");
        }
        tokens.thenStatus(200, Map.of(), "{\"token\":\"t-1\"}").thenStatus(200, Map.of(), "{\"token\":\"t-2\"}");

        HttpResponse response = layer(Optional.empty()).send(HttpRequest.get(MANIFEST));

        assertEquals(401, response.statusCode());
        assertEquals(3, registry.requests().size(), "anonymous, first token, renewed token");
        assertEquals(2, tokens.requests().size());
    }

    @Test
    void aBasicChallengeSendsTheCredentials() throws IOException {
        registry.thenStatus(401, Map.of("WWW-Authenticate", "Basic realm=\"r\""), "")
                .thenStatus(200, Map.of(), "");

        layer(Optional.of(new Credential("u", "p", "test"))).send(HttpRequest.get(MANIFEST));

        assertEquals(
                "Basic dTpw",
                registry.requests().get(1).headers().firstValue("Authorization").orElseThrow());
        assertEquals(0, tokens.requests().size());
    }

    @Test
    void aChallengeFromAnotherOriginIsNotTheRegistrys() throws IOException {
        registry.then(request -> ScriptedTransport.response(
                request.withUri(URI.create("https://storage.test/x")),
                401,
                Map.of("WWW-Authenticate", BEARER),
                new byte[0]));

        HttpResponse response = layer(Optional.empty()).send(HttpRequest.get(MANIFEST));

        assertEquals(401, response.statusCode());
        assertEquals(0, tokens.requests().size());
    }

    @Test
    void aTokenServiceOutOfReachIsOneLineNamingIt() {
        registry.thenStatus(401, Map.of("WWW-Authenticate", BEARER), "");
        tokens.thenFail(new java.net.ConnectException("Connection refused"));

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class, () -> layer(Optional.empty()).send(HttpRequest.get(MANIFEST)));

        assertTrue(
                e.getMessage()
                        .startsWith("cannot get a token from the token service of registry registry.test"
                                + " at auth.test: Connection refused"),
                e.getMessage());
    }

    @Test
    void theRepositoryComesFromTheApiPath() {
        assertEquals(
                "library/alpine",
                AuthenticatingTransport.repository(
                        HttpRequest.get(URI.create("https://r.test/prefix/v2/library/alpine/blobs/sha256:1"))));
        assertEquals(null, AuthenticatingTransport.repository(HttpRequest.get(URI.create("https://r.test/v2/"))));
    }

    /** After the probe saw the token service, parallel first requests of one scope share one token request. */
    @Test
    void parallelRequestsOfOneScopeShareOneTokenRequest() throws Exception {
        java.util.concurrent.atomic.AtomicInteger tokenRequests = new java.util.concurrent.atomic.AtomicInteger();
        io.github.blobdownloader.http.HttpTransport slowTokens = request -> {
            tokenRequests.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedTransport.response(
                    request, 200, Map.of(), "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));
        };
        RegistryAuth auth = new RegistryAuth(
                "registry.test",
                r -> Optional.empty(),
                slowTokens,
                Duration.ofSeconds(5),
                uri -> true,
                new RecordingLog());
        auth.probed(BEARER);
        AuthenticatingTransport layer = new AuthenticatingTransport(
                request -> ScriptedTransport.response(request, 200, Map.of(), new byte[0]), auth);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                URI blob = URI.create("https://registry.test/v2/team/app/blobs/sha256:" + i);
                sent.add(pool.submit(() -> layer.send(HttpRequest.get(blob))));
            }
            for (java.util.concurrent.Future<HttpResponse> f : sent) {
                assertEquals(200, f.get().statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, tokenRequests.get());
    }
}
