package io.github.blobdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.RegistryUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's transport rules: HTTPS by default, plain HTTP only where it is allowed. */
class RegistryEndpointTest {

    private static RegistryEndpoint of(String image, String... insecure) {
        return RegistryEndpoint.of(ImageReference.parse(image), Set.of(insecure));
    }

    @Test
    void httpsOnlyByDefault() {
        RegistryEndpoint e = of("example.com:5000/app");
        assertEquals(List.of("https"), e.schemes());
        assertFalse(e.insecure());
        assertEquals(URI.create("https://example.com:5000/v2/app/manifests/1"), e.uri("https", "app/manifests/1"));
    }

    @Test
    void dockerHubIsReachedThroughItsApiHost() {
        RegistryEndpoint e = of("alpine");
        assertEquals("docker.io", e.registry());
        assertEquals("registry-1.docker.io", e.hostPort());
        assertEquals(List.of("https"), e.schemes());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1:5000/a",
                "127.1.2.3/a",
                "localhost/a",
                "localhost:5000/a",
                "[::1]:5000/a",
                "LOCALHOST:5000/a"
            })
    void loopbackTriesHttpFirstThenTls(String image) {
        RegistryEndpoint e = of(image);
        assertEquals(List.of("http", "https"), e.schemes(), image);
        assertFalse(e.insecure(), "loopback still verifies TLS when it speaks it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1.example.com/a", "128.0.0.1/a", "localhost.example.com/a", "10.0.0.1:5000/a"})
    void lookalikesAreNotLoopback(String image) {
        assertEquals(List.of("https"), of(image).schemes(), image);
    }

    @Test
    void caCertificatesMakeALoopbackRegistryAskTlsFirst() {
        RegistryOptions defaults = RegistryOptions.defaults();
        RegistryOptions privateCa = new RegistryOptions(
                defaults.credentials(),
                defaults.retries(),
                defaults.timeout(),
                defaults.lowSpeedLimit(),
                Set.of(),
                List.of(Path.of("ca.pem")),
                defaults.proxies(),
                List.of(),
                defaults.tls());
        ImageReference local = ImageReference.parse("127.0.0.1:5000/a");
        assertEquals(List.of("http", "https"), defaults.endpoint(local, null).schemes());
        assertEquals(List.of("https", "http"), privateCa.endpoint(local, null).schemes());
        ImageReference remote = ImageReference.parse("example.com/a");
        assertEquals(List.of("https"), privateCa.endpoint(remote, null).schemes());
        assertEquals(
                List.of("http"),
                privateCa.endpoint(local, "http://127.0.0.1:5000").schemes(),
                "registryUrl is as given");
    }

    @Test
    void insecureLoopbackStillTriesHttpFirst() {
        assertEquals(
                List.of("http", "https"),
                of("localhost:5000/a", "localhost:5000").schemes());
    }

    @Test
    void insecureListAllowsHttpByHostOrHostPort() {
        assertEquals(
                List.of("https", "http"),
                of("example.com:5000/a", "example.com:5000").schemes());
        assertTrue(of("example.com:5000/a", "example.com").insecure());
        assertFalse(of("example.com:5000/a", "example.com:5001").insecure());
        assertFalse(of("other.com:5000/a", "example.com").insecure());
        assertTrue(of("Example.com:5000/a", "example.com:5000").insecure(), "host names are case-insensitive");
        assertTrue(of("alpine", "registry-1.docker.io").insecure());
        assertTrue(of("alpine", "docker.io").insecure());
    }

    @Test
    void registryUrlSchemeIsUsedAsGiven() {
        RegistryEndpoint http = RegistryEndpoint.of(RegistryUrl.parse("http://example.com:5000/prefix/v2"), Set.of());
        assertEquals(List.of("http"), http.schemes());
        assertEquals(URI.create("http://example.com:5000/prefix/v2/a/tags/list"), http.uri("http", "a/tags/list"));
        assertEquals(
                List.of("https"),
                RegistryEndpoint.of(RegistryUrl.parse("https://example.com"), Set.of())
                        .schemes());
        assertTrue(RegistryEndpoint.of(RegistryUrl.parse("https://example.com:5000"), Set.of("example.com:5000"))
                .insecure());
    }

    @Test
    void credentialsTravelOnlyOverTlsToLoopbackOrToAnInsecureRegistry() {
        RegistryEndpoint remote = of("example.com:5000/a");
        assertTrue(remote.mayReceiveCredentials(URI.create("https://example.com:5000/v2/")));
        assertTrue(remote.mayReceiveCredentials(URI.create("https://auth.example.org/token")));
        assertFalse(remote.mayReceiveCredentials(URI.create("http://example.com:5000/v2/")));
        assertFalse(remote.mayReceiveCredentials(URI.create("http://auth.example.org/token")));
        assertTrue(remote.mayReceiveCredentials(URI.create("http://127.0.0.1:8080/token")));
        assertTrue(remote.mayReceiveCredentials(URI.create("http://localhost/token")));
        assertTrue(remote.mayReceiveCredentials(URI.create("http://[::1]:8080/token")));

        RegistryEndpoint insecure = of("example.com:5000/a", "example.com:5000");
        assertTrue(insecure.mayReceiveCredentials(URI.create("http://example.com:5000/v2/")));
        assertTrue(
                insecure.mayReceiveCredentials(URI.create("http://example.com:5001/token")),
                "the token service of an insecure registry may sit on another port of the same host");
        assertFalse(insecure.mayReceiveCredentials(URI.create("http://evil.example.org/token")));
    }

    @Test
    void hostOnlyAndLoopbackHelpers() {
        assertEquals("example.com", RegistryEndpoint.hostOnly("example.com:5000"));
        assertEquals("example.com", RegistryEndpoint.hostOnly("example.com"));
        assertEquals("[::1]", RegistryEndpoint.hostOnly("[::1]:5000"));
        assertEquals("[::1]", RegistryEndpoint.hostOnly("[::1]"));
        assertEquals("::1", RegistryEndpoint.hostOnly("::1"));
        assertTrue(RegistryEndpoint.isLoopback("127.0.0.1"));
        assertTrue(RegistryEndpoint.isLoopback("[::1]"));
        assertTrue(RegistryEndpoint.isLoopback("::1"));
        assertFalse(RegistryEndpoint.isLoopback("127.0.0.1x:5000"));
    }
}
