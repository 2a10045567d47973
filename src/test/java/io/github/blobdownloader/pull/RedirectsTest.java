package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.FaultScenario.assertComplete;
import static io.github.blobdownloader.pull.FaultScenario.finalFiles;
import static io.github.blobdownloader.pull.FaultScenario.layerPath;
import static io.github.blobdownloader.pull.FaultScenario.pull;
import static io.github.blobdownloader.pull.FaultScenario.pullFails;
import static io.github.blobdownloader.pull.FaultScenario.request;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.redirectTo;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.refuseAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.auth.Credential;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.ScriptedRegistryProxy;
import io.github.blobdownloader.testing.ScriptedRegistryProxy.Recorded;
import io.github.blobdownloader.testing.ScriptedRegistryProxy.Upstream;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redirects are followed by the client: credentials stay with the registry, signed URLs stay intact. */
class RedirectsTest extends ProxiedRegistryTest {

    private static final String USER = "puller";
    private static final String PASSWORD = "redirect-secret";
    /** Like a pre-signed storage URL: encoded slashes, plus signs and '=' that must reach the server as sent. */
    private static final String SIGNED_QUERY =
            "X-Amz-Credential=AKIA%2F20240101%2Fus-east-1%2Fs3" + "&X-Amz-Signature=ab+cd%2Bef%3D%3D&X-Amz-Meta=a=b";

    /** Hides the open registry of the base class: credentials must be in play to prove they are dropped. */
    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
        api = new RegistryApi(registry.baseUri(), USER, PASSWORD);
    }

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "faults/redirect" + n, "v1", Format.DOCKER, "linux", "amd64", null, 1, 100_000, 900 + n);
    }

    @Test
    void redirectToAnotherHostDropsAuthorizationAndKeepsTheSignedQueryExactly() throws Exception {
        try (ScriptedRegistryProxy storage =
                ScriptedRegistryProxy.start(registry.baseUri(), "127.0.0.2").upstreamCredentials(USER, PASSWORD)) {
            storage.on("/blobs/", refuseAuthorization(), -1);
            proxy.on(layerPath(image, 0), redirectTo(storage.baseUri(), SIGNED_QUERY), -1);

            pull(authenticated(), log);

            assertComplete(out, image);
            Recorded atRegistry = proxy.requests(layerPath(image, 0)).get(0);
            assertNotNull(atRegistry.header("authorization"), "the registry itself got the credentials");
            List<Recorded> atStorage = storage.requests(layerPath(image, 0));
            assertEquals(1, atStorage.size());
            assertNull(atStorage.get(0).header("authorization"), "credentials never leave the registry's origin");
            assertEquals(
                    "/v2/" + image.repository() + "/blobs/"
                            + image.layers().get(0).digest() + "?" + SIGNED_QUERY,
                    atStorage.get(0).target());
        }
    }

    @Test
    void storageThatCannotBeReachedIsNamedInsteadOfTheRegistry() throws Exception {
        int deadPort;
        try (java.net.ServerSocket free =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"))) {
            deadPort = free.getLocalPort();
        }
        String storage = "127.0.0.3:" + deadPort;
        proxy.on(layerPath(image, 0), redirectTo(java.net.URI.create("http://" + storage), SIGNED_QUERY), -1);

        BlobDownloaderException e = pullFails(authenticated(), log);

        assertTrue(
                e.getMessage().contains("storage " + storage + " that registry " + proxy.hostPort() + " redirected")
                        && e.getMessage().contains("Connection refused"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("check that the registry is running"), e.getMessage());
        assertTrue(finalFiles(out).stream().noneMatch(f -> f.endsWith(".tar.gz")));
    }

    @Test
    void redirectLoopIsDetected() throws Exception {
        proxy.on(layerPath(image, 0), redirectTo(proxy.baseUri(), "loop=1"), -1);

        BlobDownloaderException e = pullFails(authenticated(), log);

        assertTrue(
                e.getMessage()
                                .contains("redirected blob "
                                        + image.layers().get(0).digest())
                        && e.getMessage().contains("in a loop"),
                e.getMessage());
        assertEquals(2, proxy.requests(layerPath(image, 0)).size(), "stopped at the first repeat, not retried");
        assertTrue(finalFiles(out).stream().noneMatch(f -> f.endsWith(".tar.gz")));
    }

    @Test
    void moreThanTenRedirectsAreRefused() throws Exception {
        AtomicInteger hop = new AtomicInteger();
        proxy.on(
                layerPath(image, 0),
                ex -> ex.send(new Upstream(
                        302,
                        Map.of(
                                "Location",
                                List.of(ex.request().target().replaceAll("\\?.*", "") + "?hop="
                                        + hop.incrementAndGet())),
                        new byte[0])),
                -1);

        BlobDownloaderException e = pullFails(authenticated(), log);

        assertTrue(
                e.getMessage()
                                .contains("redirected blob "
                                        + image.layers().get(0).digest() + " of ")
                        && e.getMessage().contains(" more than 10 times"),
                e.getMessage());
        assertEquals(11, proxy.requests(layerPath(image, 0)).size());
    }

    private PullRequest.Builder authenticated() {
        return request(proxy, image, out)
                .credentials(registry -> Optional.of(new Credential(USER, PASSWORD, "test credentials")));
    }
}
