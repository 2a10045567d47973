package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.testing.RecordingLog;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Credentials never go over plain HTTP to a remote registry that is not listed as insecure. */
class PlainHttpCredentialsTest {

    static final URI REMOTE_HTTP = URI.create("http://registry.example:5000/v2/team/app/manifests/1");

    @Test
    void endpointRules() {
        RegistryEndpoint remote = RegistryEndpoint.of(RegistryUrl.parse("http://registry.example:5000"), Set.of());
        RegistryEndpoint listed =
                RegistryEndpoint.of(RegistryUrl.parse("http://registry.example:5000"), Set.of("registry.example:5000"));

        assertFalse(remote.mayReceiveCredentials(REMOTE_HTTP));
        assertTrue(listed.mayReceiveCredentials(REMOTE_HTTP));
        assertTrue(remote.mayReceiveCredentials(URI.create("https://registry.example:5000/v2/")));
        assertTrue(remote.mayReceiveCredentials(URI.create("http://127.0.0.5:5000/v2/")));
        assertFalse(listed.mayReceiveCredentials(URI.create("http://other.example/v2/")), "only the listed host");
    }

    @Test
    void basicChallengeOverPlainHttpIsRefusedWithTheFix() {
        RegistryAuth auth = auth();
        AuthenticationException e = assertThrows(
                AuthenticationException.class,
                () -> auth.challenged("Basic realm=\"r\"", "repository:team/app:pull", REMOTE_HTTP, null, "team/app"));

        assertTrue(
                e.getMessage().contains("refusing to send them")
                        && e.getMessage().contains("⟨insecureRegistries⟩"),
                e.getMessage());
        assertEquals(Optional.empty(), auth.header("repository:team/app:pull", REMOTE_HTTP));
    }

    @Test
    void bearerChallengeWithCredentialsOverPlainHttpAsksNoToken() {
        // The realm is unreachable: had we tried to fetch a token, this would fail differently.
        AuthenticationException e = assertThrows(
                AuthenticationException.class,
                () -> auth().challenged(
                                "Bearer realm=\"https://auth.invalid/token\",service=\"s\"",
                                "repository:team/app:pull",
                                REMOTE_HTTP,
                                null,
                                "team/app"));

        assertTrue(e.getMessage().contains("http://registry.example:5000 is plain HTTP"), e.getMessage());
    }

    private static RegistryAuth auth() {
        RegistryEndpoint remote = RegistryEndpoint.of(RegistryUrl.parse("http://registry.example:5000"), Set.of());
        return new RegistryAuth(
                "registry.example:5000",
                r -> Optional.of(new Credential("u", "p", "test")),
                request -> {
                    throw new java.io.IOException("no request may be sent");
                },
                Duration.ofSeconds(2),
                remote::mayReceiveCredentials,
                new RecordingLog());
    }
}
