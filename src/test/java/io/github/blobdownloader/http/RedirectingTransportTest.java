package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectingTransportTest {

    private final ScriptedTransport script = new ScriptedTransport();
    private final RedirectingTransport redirecting = new RedirectingTransport(script);

    private static HttpRequest authorized(String uri) {
        return HttpRequest.get(URI.create(uri)).withHeader("Authorization", "Bearer secret");
    }

    @Test
    void aFailureAtTheHostARedirectLedToNamesThatHost() {
        java.net.ConnectException refused = new java.net.ConnectException("Connection refused");
        script.thenStatus(307, Map.of("Location", "https://storage.test/blob?sig=1"), "")
                .thenFail(refused);
        RedirectedFailure e = assertThrows(
                RedirectedFailure.class,
                () -> redirecting.send(authorized("https://registry.test/v2/team/app/blobs/x")));
        assertEquals("storage.test:443", e.hostPort());
        assertEquals(refused, e.getCause());
        assertTrue(
                Failures.explain("registry.test:443", e, java.time.Duration.ofSeconds(5))
                        .startsWith("the redirect to storage.test:443 failed: Connection refused"),
                Failures.explain("registry.test:443", e, java.time.Duration.ofSeconds(5)));
    }

    @Test
    void aFailureAtTheSameHostIsTheHostsOwn() {
        java.net.ConnectException refused = new java.net.ConnectException("Connection refused");
        script.thenStatus(307, Map.of("Location", "/v2/team/app/blobs/other"), "")
                .thenFail(refused);
        IOException e = assertThrows(
                IOException.class, () -> redirecting.send(authorized("https://registry.test/v2/team/app/blobs/x")));
        assertEquals(refused, e);
    }

    @Test
    void authorizationStaysWithTheOriginItWasMeantFor() throws IOException {
        script.thenStatus(307, Map.of("Location", "/v2/team/app/blobs/other"), "")
                .thenStatus(302, Map.of("Location", "https://storage.test/blob?sig=1"), "")
                .thenStatus(200, Map.of(), "blob");
        HttpResponse response = redirecting.send(authorized("https://registry.test/v2/team/app/blobs/x"));
        assertEquals(200, response.statusCode());
        assertEquals(URI.create("https://storage.test/blob?sig=1"), response.uri());
        assertTrue(script.requests().get(1).headers().contains("Authorization"), "same origin keeps it");
        assertFalse(script.requests().get(2).headers().contains("Authorization"), "storage never gets it");
    }

    @Test
    void seeOtherTurnsTheRequestIntoAGet() throws IOException {
        script.thenStatus(303, Map.of("Location", "https://registry.test/elsewhere"), "")
                .thenStatus(200, Map.of(), "");
        HttpRequest post = new HttpRequest(
                "POST", URI.create("https://registry.test/token"), Headers.empty(), new byte[] {1}, false);
        redirecting.send(post);
        assertEquals("GET", script.requests().get(1).method());
        assertEquals(null, script.requests().get(1).body());
    }

    @Test
    void httpsNeverFallsBackToPlainHttp() {
        script.thenStatus(302, Map.of("Location", "http://storage.test/blob"), "");
        RedirectException e = assertThrows(
                RedirectException.class, () -> redirecting.send(authorized("https://registry.test/v2/a/blobs/x")));
        assertEquals("from https to plain http (storage.test); refusing the downgrade", e.getMessage());
        assertEquals(1, script.requests().size());
    }

    @Test
    void loopsAndLongChainsEnd() {
        script.thenStatus(302, Map.of("Location", "/b"), "").thenStatus(302, Map.of("Location", "/a"), "");
        RedirectException loop =
                assertThrows(RedirectException.class, () -> redirecting.send(authorized("https://registry.test/a")));
        assertTrue(loop.getMessage().startsWith("in a loop (back to registry.test/a)"), loop.getMessage());

        ScriptedTransport endless = new ScriptedTransport();
        for (int i = 0; i <= RedirectingTransport.MAX_REDIRECTS; i++) {
            endless.thenStatus(302, Map.of("Location", "/hop" + i), "");
        }
        RedirectException chain = assertThrows(
                RedirectException.class,
                () -> new RedirectingTransport(endless).send(authorized("https://registry.test/start")));
        assertEquals("more than 10 times", chain.getMessage());
        assertEquals(11, endless.requests().size());
    }

    @Test
    void aRequestBodyIsNotCarriedToAnotherOrigin() {
        // The body of the OAuth2 token request holds the refresh token: a credential, like Authorization.
        script.thenStatus(307, Map.of("Location", "http://elsewhere.test/token"), "");
        HttpRequest post = new HttpRequest(
                "POST",
                URI.create("http://127.0.0.1:5001/token"),
                Headers.empty(),
                "refresh_token=secret".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                false);
        RedirectException e = assertThrows(RedirectException.class, () -> redirecting.send(post));
        assertEquals(
                "to another origin (elsewhere.test) with the request's body; refusing to send it there",
                e.getMessage());
        assertEquals(1, script.requests().size());
    }
}
