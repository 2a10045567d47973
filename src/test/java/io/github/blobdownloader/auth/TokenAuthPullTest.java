package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from the real docker-registry in token-auth mode, its tokens signed by an in-process token service.
 * Every test's log and error messages are scanned for the secrets in play.
 */
class TokenAuthPullTest {

    static final String USER = "alice";
    static final String PASSWORD = "Pw-alice-7f3e9c";
    static final String REFRESH_TOKEN = "refresh-4b1d2a77";
    static final String PUBLIC_REPO = "public/app";
    static final String PRIVATE_REPO = "team/private";

    static TokenServer tokens;
    static RegistryServer registry;
    static PushedImage publicImage;
    static PushedImage privateImage;

    @TempDir
    Path tmp;

    RecordingLog log;
    final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void startRegistry() {
        tokens = TokenServer.start()
                .user(USER, PASSWORD)
                .publicRepository(PUBLIC_REPO)
                .refreshToken(REFRESH_TOKEN, USER);
        registry = RegistryServer.builder().auth(tokens.authYaml()).start();
        publicImage = push(PUBLIC_REPO, 11);
        privateImage = push(PRIVATE_REPO, 12);
    }

    static PushedImage push(String repo, long seed) {
        RegistryApi api = RegistryApi.withAuthorization(registry.baseUri(), tokens.bearer(repo, "pull", "push"));
        return TestImages.pushImage(api, repo, "1.0", TestImages.Format.OCI, "linux", "amd64", null, 3, 200_000, seed);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @BeforeEach
    void reset() {
        tokens.clearRequests();
        tokens.lifetime(300, Duration.ofMinutes(5));
        log = new RecordingLog();
    }

    @AfterEach
    void noSecretInAnyOutput() {
        String output = log.text() + "\n" + String.join("\n", messages);
        List<String> secrets = new ArrayList<>(List.of(
                PASSWORD,
                REFRESH_TOKEN,
                Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
        secrets.addAll(tokens.issuedTokens());
        for (String secret : secrets) {
            assertFalse(output.contains(secret), "a secret leaked into the output:\n" + output);
        }
    }

    @Test
    void anonymousPullOfAPublicRepository() throws Exception {
        PullResult result = pull(PUBLIC_REPO, CredentialProvider.anonymous());

        assertEquals(4, result.blobsDownloaded());
        assertLayersWritten(publicImage);
        assertTrue(
                log.text().contains("No credentials found for " + registry.hostPort() + "; continuing anonymously"),
                log.text());
        TokenServer.Request first = tokens.requests().get(0);
        assertEquals(null, first.user());
        assertTrue(first.scopes().contains("repository:" + PUBLIC_REPO + ":pull"), first.toString());
    }

    @Test
    void pullWithCredentialsAsksForOneTokenAndReusesIt() throws Exception {
        pull(PRIVATE_REPO, fixed(new Credential(USER, PASSWORD, "test parameters")));

        assertLayersWritten(privateImage);
        assertEquals(1, tokens.requests().size(), "tokens are cached per scope: " + tokens.requests());
        assertEquals(USER, tokens.requests().get(0).user());
        assertTrue(
                log.text()
                        .contains(
                                "Using credentials for " + registry.hostPort() + ": user 'alice' from test parameters"),
                log.text());
    }

    @Test
    void identityTokenGoesByTheOAuth2RefreshGrant() throws Exception {
        pull(PRIVATE_REPO, fixed(Credential.identityToken("", REFRESH_TOKEN, "test identity token")));

        assertLayersWritten(privateImage);
        TokenServer.Request request = tokens.requests().get(0);
        assertTrue(request.refreshGrant(), request.toString());
        assertEquals("POST", request.method());
        assertEquals(USER, request.user());
    }

    @Test
    void wrongPasswordFailsWithOneLineNamingRegistryAndSource() {
        BlobDownloaderException e =
                failPull(PRIVATE_REPO, fixed(new Credential(USER, "not-" + PASSWORD, "settings.xml server 'corp'")));

        assertTrue(e.isUserError());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(
                e.getMessage()
                        .startsWith("registry " + registry.hostPort() + " refused authentication for" + " repository "
                                + PRIVATE_REPO + " (401): tried user 'alice' from settings.xml server 'corp'"),
                e.getMessage());
        assertFalse(e.getMessage().contains("not-" + PASSWORD));
    }

    @Test
    void anonymousPullOfAPrivateRepositorySaysNoCredentialsWereFound() {
        BlobDownloaderException e = failPull(PRIVATE_REPO, CredentialProvider.anonymous());

        assertTrue(e.getMessage().contains("registry " + registry.hostPort()), e.getMessage());
        assertTrue(e.getMessage().contains("no credentials were found, so the pull was anonymous"), e.getMessage());
    }

    @Test
    void tokenThatExpiresBetweenManifestAndBlobsIsRenewed() throws Exception {
        // The answer says 300 s, but the registry stops accepting the token after 2 s: the blobs, fetched
        // after a 3 s pause, meet a 401 and must get a new token.
        tokens.lifetime(300, Duration.ofSeconds(2));
        log.pauseOn("Resolved ", 3000);

        pull(PRIVATE_REPO, fixed(new Credential(USER, PASSWORD, "test parameters")));

        assertLayersWritten(privateImage);
        assertTrue(tokens.requests().size() >= 2, "the expired token was renewed: " + tokens.requests());
    }

    @Test
    void announcedExpiryIsHonouredWithoutWaitingForA401() throws Exception {
        tokens.lifetime(1, Duration.ofMinutes(5));
        log.pauseOn("Resolved ", 1200);

        pull(PRIVATE_REPO, fixed(new Credential(USER, PASSWORD, "test parameters")));

        assertTrue(tokens.requests().size() >= 2, "a new token after expires_in: " + tokens.requests());
    }

    @Test
    void aRefusedTokenIsRenewedOnceThenTheFailureIsFinal() {
        // Tokens the registry never accepts: one renewal, then a clear error instead of a loop.
        tokens.lifetime(300, Duration.ZERO);

        BlobDownloaderException e = failPull(PRIVATE_REPO, fixed(new Credential(USER, PASSWORD, "test parameters")));

        assertEquals(2, tokens.requests().size(), tokens.requests().toString());
        assertTrue(e.getMessage().contains("refused authentication for repository " + PRIVATE_REPO), e.getMessage());
    }

    @Test
    void aCachedTokenThatIsRefusedIsRenewedOnlyOnce() {
        // The manifest's token stops working during the pause, and so does every later one: the first blob
        // request renews once (token request 2) and then fails, rather than asking again.
        tokens.lifetime(300, Duration.ofSeconds(2));
        log.onLine("Resolved ", () -> {
            tokens.lifetime(300, Duration.ZERO);
            sleep(3000);
        });

        BlobDownloaderException e = failPull(PRIVATE_REPO, fixed(new Credential(USER, PASSWORD, "test parameters")), 1);

        assertEquals(2, tokens.requests().size(), tokens.requests().toString());
        assertTrue(e.getMessage().contains("refused authentication for repository " + PRIVATE_REPO), e.getMessage());
    }

    @Test
    void dockerConfigAuthsAgainstTheTokenRegistry() throws Exception {
        Path config = tmp.resolve("docker/config.json");
        Files.createDirectories(config.getParent());
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");

        pull(PRIVATE_REPO, new DockerConfigCredentials(config, Map.of("PATH", ""), Duration.ofSeconds(5)));

        assertLayersWritten(privateImage);
        assertTrue(
                log.text().contains("from Docker config " + config + " (auths '" + registry.hostPort() + "')"),
                log.text());
    }

    @Test
    void dockerCredentialHelperAgainstTheTokenRegistry() throws Exception {
        Path bin = FakeCredentialHelper.write(tmp.resolve("bin"), "test", registry.hostPort(), USER, PASSWORD);
        Path config = tmp.resolve("docker/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"credHelpers\":{\"" + registry.hostPort() + "\":\"test\"}}");

        pull(PRIVATE_REPO, new DockerConfigCredentials(config, Map.of("PATH", bin.toString()), Duration.ofSeconds(10)));

        assertLayersWritten(privateImage);
        assertTrue(
                log.text().contains("from Docker credential helper docker-credential-test (credHelpers in "),
                log.text());
    }

    private PullResult pull(String repo, CredentialProvider credentials) {
        try {
            return new ImagePuller(log).pull(request(repo, credentials).build());
        } catch (RuntimeException e) {
            messages.add(String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private BlobDownloaderException failPull(String repo, CredentialProvider credentials) {
        return failPull(repo, credentials, 4);
    }

    private BlobDownloaderException failPull(String repo, CredentialProvider credentials, int parallelism) {
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(log)
                        .pull(request(repo, credentials)
                                .parallelism(parallelism)
                                .build()));
        messages.add(e.getMessage());
        return e;
    }

    private PullRequest.Builder request(String repo, CredentialProvider credentials) {
        return PullRequest.builder(registry.hostPort() + "/" + repo + ":1.0", tmp.resolve("out"))
                .credentials(credentials)
                .retries(1)
                .timeout(Duration.ofSeconds(20));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertLayersWritten(PushedImage image) throws Exception {
        for (PushedImage.Layer layer : image.layers()) {
            Path file = tmp.resolve("out").resolve(layer.digest().substring("sha256:".length()) + ".tar.gz");
            assertTrue(Files.exists(file), "missing " + file);
            assertEquals(layer.size(), Files.size(file));
        }
    }

    static CredentialProvider fixed(Credential credential) {
        return registry -> Optional.of(credential);
    }
}
