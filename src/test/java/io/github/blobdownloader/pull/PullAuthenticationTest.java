package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.PulledFiles.assertSeedLayout;
import static io.github.blobdownloader.pull.PulledFiles.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.auth.AuthenticationException;
import io.github.blobdownloader.auth.Credential;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulling from a registry that wants a password (htpasswd, HTTP Basic). */
class PullAuthenticationTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "Pa55-w0rd-XYZ";
    private static final String SOURCE = "the test's credential provider";

    private static RegistryServer registry;
    private static PushedImage image;

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();
    private final List<String> lookedUp = new ArrayList<>();

    @BeforeAll
    static void pushImage() {
        registry = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
        image = TestImages.pushImage(
                new RegistryApi(registry.baseUri(), USER, PASSWORD),
                "private/app",
                "1.0",
                Format.DOCKER,
                "linux",
                "amd64",
                null,
                2,
                1500,
                31);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private CredentialProvider password(String secret) {
        return registryName -> {
            lookedUp.add(registryName);
            return Optional.of(new Credential(USER, secret, SOURCE));
        };
    }

    private PullRequest.Builder request() {
        return PullRequest.builder(registry.hostPort() + "/private/app:1.0", out)
                .retries(1);
    }

    @Test
    void rightCredentialsWork() throws Exception {
        PullResult result = new ImagePuller(log)
                .pull(request().credentials(password(PASSWORD)).build());
        assertSeedLayout(out, image);
        assertEquals(3, result.blobsDownloaded());
        assertEquals(Set.of(registry.hostPort()), Set.copyOf(lookedUp), "looked up by host:port");
        assertEquals(
                1,
                log.linesContaining("INFO Using credentials for " + registry.hostPort() + ": user '" + USER + "' from "
                                + SOURCE)
                        .size(),
                log.text());
        assertFalse(log.text().contains(PASSWORD), "no secret in any log line, debug included");
        // In a parallel reactor the lines of several pulls interleave: each says which image it is about.
        String image = registry.hostPort() + "/private/app";
        List<String> unnamed = log.lines().stream()
                .filter(line -> !line.startsWith("DEBUG ") && !line.contains(image))
                .toList();
        assertEquals(List.of(), unnamed, log.text());
        assertEquals(
                1,
                log.linesContaining("from " + SOURCE + " (for " + image + ":1.0)")
                        .size(),
                log.text());
    }

    @Test
    void wrongPasswordNamesRegistryAndSourceButNotThePassword() {
        String wrong = "Wr0ng-Secret-123";
        AuthenticationException e = assertThrows(
                AuthenticationException.class,
                () -> new ImagePuller(log)
                        .pull(request().credentials(password(wrong)).build()));
        assertTrue(e.getMessage().contains("registry " + registry.hostPort()), e.getMessage());
        assertTrue(e.getMessage().contains("private/app"), e.getMessage());
        assertTrue(e.getMessage().contains("(401)"), e.getMessage());
        assertTrue(e.getMessage().contains("tried user '" + USER + "' from " + SOURCE), e.getMessage());
        assertTrue(e.getMessage().contains("⟨username⟩"), "says what to do: " + e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(log.text().contains(wrong), log.text());
        assertTrue(e.isUserError());
        assertEquals(Set.of(), fileNames(out));
    }

    @Test
    void noCredentialsSaysAnonymousWasTried() {
        AuthenticationException e = assertThrows(
                AuthenticationException.class,
                () -> new ImagePuller(log).pull(request().build()));
        assertTrue(e.getMessage().contains("registry " + registry.hostPort()), e.getMessage());
        assertTrue(e.getMessage().contains("no credentials were found, so the pull was anonymous"), e.getMessage());
        assertTrue(
                e.getMessage().contains("⟨serverCredentials⟩ with id '" + registry.hostPort() + "'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
