package io.github.blobdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.TestCertificates;
import io.github.blobdownloader.tls.TlsTrust;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code insecureRegistries} turns certificate checks off for the listed registry, not for where it sends us. */
class InsecureTrustTest {

    private static final byte[] CONTENT = "config".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path certs;

    private final List<HttpsServer> servers = new CopyOnWriteArrayList<>();
    private final List<String> storageRequests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private HttpsServer start(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        servers.add(server);
        return server;
    }

    @Test
    void aRedirectFromAnInsecureRegistryToAnotherHostIsVerified() throws Exception {
        // Neither certificate is trusted by the JDK: the registry's because it is insecure, the storage's not at all.
        TestCertificates ca = TestCertificates.newCa(certs.resolve("ca"));
        HttpsServer storage = start(ca.serverContext(ca.issue("localhost")));
        storage.createContext("/", ex -> {
            storageRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.sendResponseHeaders(200, CONTENT.length);
            ex.getResponseBody().write(CONTENT);
            ex.close();
        });
        storage.start();
        HttpsServer registry = start(ca.serverContext(ca.issue("127.0.0.1")));
        registry.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().contains("/blobs/")) {
                ex.getResponseHeaders()
                        .add(
                                "Location",
                                "https://localhost:" + storage.getAddress().getPort() + "/storage/blob");
                ex.sendResponseHeaders(307, -1);
            } else {
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        registry.start();

        String hostPort = "127.0.0.1:" + registry.getAddress().getPort();
        RegistryEndpoint endpoint = RegistryEndpoint.of(RegistryUrl.parse("https://" + hostPort), Set.of(hostPort));
        RegistryClient client = RegistryClient.create(
                endpoint,
                CredentialProvider.anonymous(),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2)),
                TransferLimits.of(Duration.ofSeconds(5), 0),
                TlsTrust.jdkDefault(),
                TlsTrust.anything(),
                ProxySettings.jvmDefaults(),
                new RecordingLog());
        Descriptor blob = new Descriptor("application/octet-stream", Digest.sha256Of(CONTENT), CONTENT.length);

        RegistryException e =
                assertThrows(RegistryException.class, () -> client.blobs().fetchSmall("team/app", blob, 1024));
        assertTrue(e.getMessage().contains("is not trusted"), e.getMessage());
        assertEquals(List.of(), storageRequests, "nothing may reach a storage host whose certificate is not trusted");
    }

    @Test
    void theInsecureRegistryItselfIsStillReachedWithoutVerification() throws Exception {
        TestCertificates ca = TestCertificates.newCa(certs.resolve("ca"));
        HttpsServer registry = start(ca.serverContext(ca.issue("registry.test")));
        registry.createContext("/", ex -> {
            ex.sendResponseHeaders(200, ex.getRequestURI().getPath().contains("/blobs/") ? CONTENT.length : -1);
            if (ex.getRequestURI().getPath().contains("/blobs/")) {
                ex.getResponseBody().write(CONTENT);
            }
            ex.close();
        });
        registry.start();
        String hostPort = "127.0.0.1:" + registry.getAddress().getPort();
        RegistryEndpoint endpoint = RegistryEndpoint.of(RegistryUrl.parse("https://" + hostPort), Set.of(hostPort));
        RegistryClient client = RegistryClient.create(
                endpoint,
                CredentialProvider.anonymous(),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2)),
                TransferLimits.of(Duration.ofSeconds(5), 0),
                TlsTrust.jdkDefault(),
                TlsTrust.anything(),
                ProxySettings.jvmDefaults(),
                new RecordingLog());
        Descriptor blob = new Descriptor("application/octet-stream", Digest.sha256Of(CONTENT), CONTENT.length);
        assertArrayEquals(CONTENT, client.blobs().fetchSmall("team/app", blob, 1024));
    }
}
