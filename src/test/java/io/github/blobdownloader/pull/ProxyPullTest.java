package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.registry.ProxySettings;
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
import java.util.concurrent.TimeUnit;
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
        plainImage = TestImages.pushImage(new RegistryApi(plain.baseUri()), "proxied/app", "v1", Format.OCI,
                "linux", "amd64", null, 2, 2000, 91);
        ca = TestCertificates.newCa(certs.resolve("ca"));
        TestCertificates.Issued cert = ca.issue("127.0.0.1");
        tls = RegistryServer.builder().tls(cert.certificate(), cert.key()).start();
        TestImages.pushImage(new RegistryApi(tls.baseUri(), ca.clientContext()), "proxied/app", "v1", Format.OCI,
                "linux", "amd64", null, 2, 2000, 92);
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
        new ImagePuller(new RecordingLog()).pull(request(plain, proxyEntry(null, null, null)).build());
        // Loopback tries https first: a CONNECT whose TLS handshake finds plain HTTP. Then manifest, config
        // and both layers as absolute-URI GETs, all via the proxy.
        // Under load the JDK may report the failed probe as a reset rather than a TLS error, and the probe is
        // then tried once more: still through the proxy, so one or two CONNECTs are both right.
        List<TestProxy.Request> seen = proxy.requests();
        long probes = seen.stream().takeWhile(r -> r.method().equals("CONNECT")).count();
        assertTrue(probes >= 1 && probes <= 2, seen.toString());
        assertTrue(seen.subList(0, (int) probes).stream()
                .allMatch(r -> r.equals(new TestProxy.Request("CONNECT", plain.hostPort(), null, 0))), seen.toString());
        assertEquals(probes + 4, seen.size(), seen.toString());
        assertTrue(seen.subList((int) probes, seen.size()).stream().allMatch(r -> r.method().equals("GET")
                && r.target().startsWith("http://" + plain.hostPort() + "/v2/proxied/app/")), seen.toString());
        assertTrue(Files.exists(out.resolve(plainImage.layers().get(1).digest().substring(7) + ".tar.gz")));
    }

    @Test
    void nonProxyHostsGoDirect() {
        new ImagePuller(new RecordingLog()).pull(request(plain, proxyEntry(null, null, "localhost|127.0.0.*")).build());
        assertEquals(List.of(), proxy.requests());
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    @Test
    void proxyCredentialsAreSentToAnAuthenticatingProxy() {
        proxy.requireBasic("alice", "pr0xy");
        // registryUrl with http://: plain HTTP only, so no CONNECT probe (tunnels are the fresh-JVM test's).
        new ImagePuller(new RecordingLog()).pull(PullRequest.builder("proxied/app", out).tag("v1").retries(1)
                .registryUrl("http://" + plain.hostPort()).proxies(proxyEntry("alice", "pr0xy", null)).build());
        assertEquals(4, proxy.requests().size());
        assertTrue(proxy.requests().stream().allMatch(r -> r.status() == 0
                && r.proxyAuthorization().equals("Basic YWxpY2U6cHIweHk=")), proxy.requests().toString());
    }

    @Test
    void missingProxyCredentialsFailClearly() {
        proxy.requireBasic("alice", "pr0xy");
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> new ImagePuller(
                new RecordingLog()).pull(request(plain, proxyEntry(null, null, null)).build()));
        assertTrue(e.isUserError());
        assertTrue(e.getMessage().contains("proxy 'corp' (http://127.0.0.1:" + proxy.port() + ") refused"
                + " authentication (407"), e.getMessage());
        assertTrue(e.getMessage().contains("set <username> and <password> of the <proxy> in settings.xml"));
    }

    @Test
    void wrongProxyPasswordOnATunnelNamesTheJdkPropertyButNotThePassword() {
        proxy.requireBasic("alice", "pr0xy");
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> new ImagePuller(
                new RecordingLog()).pull(request(tls, proxyEntry("alice", "wrong-secret", null))
                .caCertificates(List.of(ca.caPem())).build()));
        assertTrue(e.getMessage().contains("refused authentication (407"), e.getMessage());
        assertTrue(e.getMessage().contains("-Djdk.http.auth.tunneling.disabledSchemes="), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong-secret"), e.getMessage());
        assertTrue(proxy.requests().stream().allMatch(r -> r.method().equals("CONNECT")), proxy.requests().toString());
    }

    /**
     * HTTPS through an authenticating proxy, in a fresh JVM as in a Maven build: the plugin must lift the
     * JDK's ban on Basic for tunnels before the JDK's HTTP client first loads (this JVM's already has).
     */
    @Test
    void httpsTunnelsThroughAnAuthenticatingProxyInAFreshJvm() throws Exception {
        proxy.requireBasic("alice", "pr0xy");
        Path log = out.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), TunnelPull.class.getName(),
                tls.hostPort() + "/proxied/app:v1", out.resolve("blobs").toString(), ca.caPem().toString(),
                Integer.toString(proxy.port()), "alice", "pr0xy")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, child.exitValue(), Files.readString(log));
        assertTrue(Files.exists(out.resolve("blobs/manifest.json")));
        List<TestProxy.Request> seen = proxy.requests();
        assertTrue(!seen.isEmpty() && seen.stream().allMatch(r -> r.method().equals("CONNECT")
                && r.target().equals(tls.hostPort()) && r.status() == 0), seen.toString());
    }

    private ProxySettings proxyEntry(String user, String password, String nonProxyHosts) {
        return new ProxySettings(List.of(new ProxySettings.Entry("corp", "http", "127.0.0.1", proxy.port(), user,
                password, nonProxyHosts)));
    }

    private PullRequest.Builder request(RegistryServer server, ProxySettings proxies) {
        return PullRequest.builder(server.hostPort() + "/proxied/app:v1", out).retries(1).proxies(proxies);
    }
}
