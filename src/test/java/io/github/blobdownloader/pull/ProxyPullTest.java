package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestCertificates;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.testing.TestProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry traffic through an in-process forward proxy, as settings.xml {@code <proxy>} entries route it. */
class ProxyPullTest {

    @TempDir
    static Path certs;

    private static RegistryServer plain;
    private static RegistryServer tls;
    private static TestCertificates ca;
    private static PushedImage plainImage;

    @TempDir
    Path out;

    private final TestProxy proxy = TestProxy.start();

    @BeforeAll
    static void startRegistries() {
        plain = RegistryServer.builder().start();
        plainImage = TestImages.pushImage(
                new RegistryApi(plain.baseUri()), "proxied/app", "v1", Format.OCI, "linux", "amd64", null, 2, 2000, 91);
        ca = TestCertificates.newCa(certs.resolve("ca"));
        TestCertificates.Issued cert = ca.issue("127.0.0.1");
        tls = RegistryServer.builder().tls(cert.certificate(), cert.key()).start();
        TestImages.pushImage(
                new RegistryApi(tls.baseUri(), ca.clientContext()),
                "proxied/app",
                "v1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                2,
                2000,
                92);
    }

    @AfterAll
    static void stopRegistries() {
        plain.close();
        tls.close();
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void everyRequestGoesThroughTheProxy() {
        new ImagePuller(new RecordingLog())
                .pull(request(plain, proxyEntry(null, null, null)).build());
        // Loopback tries https first: a CONNECT whose TLS handshake finds plain HTTP. Then the probe of /v2/,
        // manifest, config and both layers as absolute-URI GETs, all via the proxy.
        // Under load the JDK may report the failed probe as a reset rather than a TLS error, and the probe is
        // then tried once more: still through the proxy, so one or two CONNECTs are both right.
        List<TestProxy.Request> seen = proxy.requests();
        long probes = seen.stream().takeWhile(r -> r.method().equals("CONNECT")).count();
        assertTrue(probes >= 1 && probes <= 2, seen.toString());
        assertTrue(
                seen.subList(0, (int) probes).stream()
                        .allMatch(r -> r.equals(new TestProxy.Request("CONNECT", plain.hostPort(), null, 0))),
                seen.toString());
        assertEquals(probes + 5, seen.size(), seen.toString());
        assertEquals(
                new TestProxy.Request("GET", "http://" + plain.hostPort() + "/v2/", null, 0), seen.get((int) probes));
        assertTrue(
                seen.subList((int) probes + 1, seen.size()).stream()
                        .allMatch(r -> r.method().equals("GET")
                                && r.target().startsWith("http://" + plain.hostPort() + "/v2/proxied/app/")),
                seen.toString());
        assertTrue(Files.exists(out.resolve(plainImage.layers().get(1).digest().substring(7) + ".tar.gz")));
    }

    @Test
    void nonProxyHostsGoDirect() {
        new ImagePuller(new RecordingLog())
                .pull(request(plain, proxyEntry(null, null, "localhost|127.0.0.*"))
                        .build());
        assertEquals(List.of(), proxy.requests());
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    @Test
    void proxyCredentialsAreSentToAnAuthenticatingProxy() {
        proxy.requireBasic("alice", "pr0xy");
        // registryUrl with http://: plain HTTP only, so no CONNECT; the /v2/ probe, then the four GETs.
        new ImagePuller(new RecordingLog())
                .pull(PullRequest.builder("proxied/app", out)
                        .tag("v1")
                        .retries(1)
                        .registryUrl("http://" + plain.hostPort())
                        .proxies(proxyEntry("alice", "pr0xy", null))
                        .build());
        assertEquals(5, proxy.requests().size());
        assertTrue(
                proxy.requests().stream()
                        .allMatch(r -> r.status() == 0 && r.proxyAuthorization().equals("Basic YWxpY2U6cHIweHk=")),
                proxy.requests().toString());
    }

    @Test
    void missingProxyCredentialsFailClearly() {
        proxy.requireBasic("alice", "pr0xy");
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request(plain, proxyEntry(null, null, null)).build()));
        assertTrue(e.isUserError());
        assertTrue(
                e.getMessage()
                        .contains("proxy 'corp' (http://127.0.0.1:" + proxy.port() + ") refused"
                                + " authentication (407"),
                e.getMessage());
        assertTrue(e.getMessage().contains("set ⟨proxyCredentials⟩"));
    }

    @Test
    void wrongProxyPasswordOnATunnelIsRefusedWithoutShowingThePassword() {
        proxy.requireBasic("alice", "pr0xy");
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request(tls, proxyEntry("alice", "wrong-secret", null))
                                .caCertificates(List.of(ca.caPem()))
                                .build()));
        assertTrue(e.getMessage().contains("refused authentication (407"), e.getMessage());
        assertTrue(e.getMessage().contains("check ⟨proxyCredentials⟩"), e.getMessage());
        assertTrue(e.isUserError());
        assertTrue(!e.getMessage().contains("wrong-secret"), e.getMessage());
        assertTrue(
                proxy.requests().stream().allMatch(r -> r.method().equals("CONNECT")),
                proxy.requests().toString());
    }

    /**
     * HTTPS through an authenticating proxy: Basic goes on the {@code CONNECT} itself, so no JVM-wide setting
     * (the JDK's {@code jdk.http.auth.tunneling.disabledSchemes}) has to change for it.
     */
    @Test
    void httpsTunnelsThroughAnAuthenticatingProxyWithoutChangingJvmProperties() {
        proxy.requireBasic("alice", "pr0xy");
        TimeZone.getDefault(); // the JDK records user.timezone on first use, whoever uses it
        java.util.Properties before =
                (java.util.Properties) System.getProperties().clone();
        new ImagePuller(new RecordingLog())
                .pull(request(tls, proxyEntry("alice", "pr0xy", null))
                        .caCertificates(List.of(ca.caPem()))
                        .build());
        java.util.Map<Object, Object> changed = new java.util.HashMap<>(System.getProperties());
        changed.entrySet().removeAll(before.entrySet());
        assertEquals(before.keySet(), System.getProperties().keySet(), "no property set or cleared");
        assertEquals(java.util.Map.of(), changed, "no property changed");
        assertTrue(Files.exists(out.resolve("manifest.json")));
        List<TestProxy.Request> seen = proxy.requests();
        assertTrue(
                !seen.isEmpty()
                        && seen.stream()
                                .allMatch(r -> r.method().equals("CONNECT")
                                        && r.target().equals(tls.hostPort())
                                        && r.status() == 0
                                        && "Basic YWxpY2U6cHIweHk=".equals(r.proxyAuthorization())),
                seen.toString());
    }

    private ProxySettings proxyEntry(String user, String password, String nonProxyHosts) {
        return new ProxySettings(List.of(
                new ProxySettings.Entry("corp", "http", "127.0.0.1", proxy.port(), user, password, nonProxyHosts)));
    }

    private PullRequest.Builder request(RegistryServer server, ProxySettings proxies) {
        return PullRequest.builder(server.hostPort() + "/proxied/app:v1", out)
                .retries(1)
                .proxies(proxies);
    }
}
