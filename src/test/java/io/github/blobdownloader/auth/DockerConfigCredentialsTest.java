package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {

    static final String SECRET = "Helper-secret-93ad";

    @TempDir
    Path tmp;

    @Test
    void authsWithBase64AuthMatchesWhateverUrlFormTheKeyHas() throws IOException {
        Path config =
                config("{\"auths\":{\"https://Registry.Example:5000/v1/\":{\"auth\":\"" + b64("u1:p:w") + "\"}}}");

        Credential c = provider(config, "").find("registry.example:5000").orElseThrow();

        assertEquals("u1", c.username());
        assertEquals("p:w", c.password(), "only the first colon separates user and password");
        assertEquals("Docker config " + config + " (auths 'https://Registry.Example:5000/v1/')", c.source());
        assertEquals(Optional.empty(), provider(config, "").find("registry.example"), "the port is part of the key");
    }

    @Test
    void authsWithUsernamePasswordAndIdentityToken() throws IOException {
        Path config = config("{\"auths\":{\"a.example\":{\"username\":\"u2\",\"password\":\"p2\"},"
                + "\"b.example\":{\"auth\":\"" + b64("u3:") + "\",\"identitytoken\":\"idt-1\"},"
                + "\"c.example\":{}}}");
        DockerConfigCredentials provider = provider(config, "");

        assertEquals("p2", provider.find("a.example").orElseThrow().password());
        Credential token = provider.find("b.example").orElseThrow();
        assertTrue(token.isIdentityToken());
        assertEquals("idt-1", token.identityToken());
        assertEquals(Optional.empty(), provider.find("c.example"), "an empty entry, as a credsStore leaves");
    }

    @Test
    void dockerHubIsFoundUnderItsLegacyKey() throws IOException {
        Path config =
                config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:hubpw") + "\"}}}");

        assertEquals(
                "hubuser", provider(config, "").find("docker.io").orElseThrow().username());
    }

    @Test
    void credHelperComesFirstAndIsAskedForTheRegistry() throws IOException {
        Path bin = FakeCredentialHelper.write(tmp.resolve("bin"), "test", "reg.example:5000", "helperuser", SECRET);
        Path config = config("{\"credHelpers\":{\"reg.example:5000\":\"test\"},\"credsStore\":\"absent\","
                + "\"auths\":{\"reg.example:5000\":{\"auth\":\"" + b64("fileuser:filepw") + "\"}}}");

        Credential c = provider(config, bin.toString()).find("reg.example:5000").orElseThrow();

        assertEquals("helperuser", c.username());
        assertEquals(SECRET, c.password());
        assertEquals("Docker credential helper docker-credential-test (credHelpers in " + config + ")", c.source());
        assertEquals("reg.example:5000\n", Files.readString(bin.resolve("test.asked")));
    }

    @Test
    void credsStoreIsAskedWithDockerHubsServerUrlAndMayReturnAnIdentityToken() throws IOException {
        Path bin = FakeCredentialHelper.write(
                tmp.resolve("bin"), "store", "https://index.docker.io/v1/", "<token>", SECRET);
        Path config = config("{\"credsStore\":\"store\"}");

        Credential c = provider(config, bin.toString()).find("docker.io").orElseThrow();

        assertTrue(c.isIdentityToken());
        assertEquals(SECRET, c.identityToken());
    }

    @Test
    void helperWithoutCredentialsFallsBackToAuths() throws IOException {
        Path bin = FakeCredentialHelper.write(tmp.resolve("bin"), "store", "elsewhere.example", "x", SECRET);
        Path config =
                config("{\"credsStore\":\"store\",\"auths\":{\"reg.example\":{\"auth\":\"" + b64("f:g") + "\"}}}");

        assertEquals(
                "f",
                provider(config, bin.toString())
                        .find("reg.example")
                        .orElseThrow()
                        .username());
        assertEquals("reg.example\n", Files.readString(bin.resolve("store.asked")));
    }

    @Test
    void missingHelperIsOneClearLine() throws IOException {
        Path config = config("{\"credHelpers\":{\"reg.example\":\"nothere\"}}");

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> provider(config, tmp.toString()).find("reg.example"));

        assertEquals(
                "docker-credential-nothere (credHelpers in " + config + ") is not on the PATH; install it, or"
                        + " remove it from the config to use other credentials",
                e.getMessage());
    }

    @Test
    void failingHelperNamesItsExitCodeAndError() throws IOException {
        Path bin = FakeCredentialHelper.script(tmp.resolve("bin"), "broken", "echo 'keychain is locked'\nexit 3\n");
        Path config = config("{\"credsStore\":\"broken\"}");

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> provider(config, bin.toString()).find("reg.example"));

        assertTrue(
                e.getMessage()
                        .startsWith("docker-credential-broken (credsStore in " + config + ") failed for"
                                + " reg.example with exit code 3: keychain is locked"),
                e.getMessage());
    }

    @Test
    void hangingHelperIsStoppedAfterTheTimeout() throws IOException {
        Path bin = FakeCredentialHelper.script(tmp.resolve("bin"), "slow", "while :; do :; done\n");
        Path config = config("{\"credsStore\":\"slow\"}");
        DockerConfigCredentials provider =
                new DockerConfigCredentials(config, Map.of("PATH", bin.toString()), Duration.ofMillis(700));

        long start = System.nanoTime();
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> provider.find("reg.example"));

        assertTrue(e.getMessage().contains("gave no answer within"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void helperAnswerThatIsNotJsonDoesNotEchoTheAnswer() throws IOException {
        Path bin = FakeCredentialHelper.script(tmp.resolve("bin"), "odd", "echo 'user " + SECRET + "'\n");
        Path config = config("{\"credsStore\":\"odd\"}");

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> provider(config, bin.toString()).find("reg.example"));

        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void brokenConfigFileIsNamedButNotQuoted() throws IOException {
        Path config = config("{\"auths\":{\"r\":{\"auth\":\"" + SECRET + "\"");

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class, () -> provider(config, "").find("r"));

        assertTrue(e.getMessage().startsWith("cannot read Docker's config " + config), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        assertEquals(null, e.getCause());
    }

    @Test
    void missingConfigMeansNoCredentials() {
        assertEquals(
                Optional.empty(), provider(tmp.resolve("none/config.json"), "").find("reg.example"));
    }

    @Test
    void configLocationFollowsDockerConfigElseHome() {
        Path home = Path.of("/home/someone");
        assertEquals(
                Path.of("/etc/dc/config.json"),
                DockerConfigCredentials.defaultConfigFile(Map.of("DOCKER_CONFIG", "/etc/dc"), home));
        assertEquals(home.resolve(".docker/config.json"), DockerConfigCredentials.defaultConfigFile(Map.of(), home));
    }

    private Path config(String json) throws IOException {
        Path file = tmp.resolve("docker/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    private static DockerConfigCredentials provider(Path config, String path) {
        return new DockerConfigCredentials(config, Map.of("PATH", path), Duration.ofSeconds(10));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
