package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestCertificates;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.tls.TlsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry over TLS with a certificate from a CA made at test time, through each TLS implementation
 * ({@link JdkTlsPullTest}, {@link NativeTlsPullTest}): what is trusted, and what the user reads when it is not,
 * must not depend on which one connects.
 */
abstract class TlsPullTest {

    @TempDir
    static Path certs;

    private static TestCertificates ca;
    private static RegistryServer registry;
    private static PushedImage image;

    @TempDir
    Path out;

    /** The TLS implementation under test. */
    abstract TlsEngine engine();

    @BeforeAll
    static void startTlsRegistry() {
        ca = TestCertificates.newCa(certs.resolve("ca"));
        TestCertificates.Issued cert = ca.issue("127.0.0.1", "localhost");
        registry = RegistryServer.builder().tls(cert.certificate(), cert.key()).start();
        image = TestImages.pushImage(
                new RegistryApi(registry.baseUri(), ca.clientContext()),
                "tls/app",
                "v1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                2,
                3000,
                81);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void unknownCaFailsWithTheHostTheReasonAndBothFixes() {
        RecordingLog log = new RecordingLog();
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(log).pull(request().build()));
        String m = e.getMessage();
        assertTrue(m.contains("certificate of " + registry.hostPort() + " is not trusted"), m);
        assertTrue(m.contains("signed by a CA the JVM does not know"), m);
        assertTrue(m.contains("⟨caCertificates") && m.contains("⟨insecureRegistries⟩"), m);
        assertFalse(Files.exists(out.resolve("manifest.json")));
        // Loopback may fall back to http only when the server does not speak TLS; this one does.
        assertFalse(log.text().contains("does not speak TLS"), log.text());
    }

    /** A TLS-only registry named with {@code http://}: one line saying to use https, not an internal error. */
    @Test
    void plainHttpUrlOfATlsOnlyRegistryAsksForHttps() {
        long start = System.nanoTime();
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog()).pull(byUrl("http://" + registry.hostPort() + "/v2")));
        String m = e.getMessage();
        assertEquals(
                "registry " + registry.hostPort() + " (" + registry.hostPort() + ") speaks only TLS, not plain"
                        + " HTTP: use https:// in ⟨registryUrl⟩",
                m);
        assertTrue(e.isUserError());
        assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "no retries for this");
        assertFalse(Files.exists(out.resolve("manifest.json")));
    }

    /** A plain registry asked over TLS: the handshake's failure is read as "not TLS", whoever reports it. */
    @Test
    void httpsAtAPlainRegistrySaysItDoesNotSpeakTlsAndLoopbackFallsBackToHttp() {
        try (RegistryServer plain = RegistryServer.builder().start()) {
            BlobDownloaderException e = assertThrows(
                    BlobDownloaderException.class,
                    () -> new ImagePuller(new RecordingLog()).pull(byUrl("https://" + plain.hostPort() + "/v2")));
            assertEquals(
                    "registry " + plain.hostPort() + " (" + plain.hostPort() + ") does not speak TLS: use http:// in"
                            + " ⟨registryUrl⟩, or list " + plain.hostPort() + " in ⟨insecureRegistries⟩",
                    e.getMessage());

            // With a private CA a loopback registry is asked over TLS first, then over plain HTTP.
            RecordingLog log = new RecordingLog();
            BlobDownloaderException notThere = assertThrows(
                    BlobDownloaderException.class,
                    () -> new ImagePuller(log)
                            .pull(request(plain)
                                    .caCertificates(List.of(ca.caPem()))
                                    .build()));
            assertTrue(notThere.getMessage().contains("not found"), notThere.getMessage());
            assertTrue(log.text().contains("did not answer https"), log.text());
        }
    }

    @Test
    void caCertificatesAddTheCaToTheJdkOnes() throws Exception {
        Path bundle = certs.resolve("bundle.pem");
        // Several certificates in one file: an unrelated CA first, ours second.
        TestCertificates other = TestCertificates.newCa(certs.resolve("other"));
        Files.writeString(bundle, Files.readString(other.caPem()) + Files.readString(ca.caPem()));
        new ImagePuller(new RecordingLog())
                .pull(request().caCertificates(List.of(bundle)).build());
        assertArrayEquals(
                image.layers().get(0).bytes(),
                Files.readAllBytes(out.resolve(image.layers().get(0).digest().substring(7) + ".tar.gz")));
    }

    /**
     * As public registries serve it: RSA keys, the server's certificate followed by an intermediate CA's, and only
     * the root trusted. The handshake's own chain goes through the JDK's checker (under BoringSSL with its
     * signatures checked natively).
     */
    @Test
    void aChainThroughAnIntermediateCaIsTrusted() throws Exception {
        List<Path> chain = TestCertificates.rsaChain(certs.resolve("rsa-chain"), false);
        Path served = certs.resolve("rsa-chain").resolve("served.pem");
        Files.writeString(served, Files.readString(chain.get(2)) + Files.readString(chain.get(1)));
        try (RegistryServer rsa = RegistryServer.builder()
                .tls(served, chain.get(2).resolveSibling("server.key"))
                .start()) {
            PushedImage pushed = TestImages.pushImage(
                    new RegistryApi(rsa.baseUri(), TestCertificates.clientContext(chain.get(0))),
                    "tls/app",
                    "v1",
                    Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    1,
                    2000,
                    82);

            new ImagePuller(new RecordingLog())
                    .pull(request(rsa).caCertificates(List.of(chain.get(0))).build());

            assertArrayEquals(
                    pushed.layers().get(0).bytes(),
                    Files.readAllBytes(
                            out.resolve(pushed.layers().get(0).digest().substring(7) + ".tar.gz")));
            BlobDownloaderException untrusted = refusedWith(rsa, ca.caPem());
            assertTrue(untrusted.getMessage().contains("is not trusted"), untrusted.getMessage());
        }
    }

    /** Where BoringSSL makes the connections it also hashes the blobs, small ones included; the JDK's TLS, the JDK. */
    @Test
    void theBlobsAreHashedByTheImplementationThatConnects() {
        RecordingLog log = new RecordingLog();
        new ImagePuller(log).pull(request().caCertificates(List.of(ca.caPem())).build());
        assertEquals(
                engine().isNative(),
                log.contains("SHA-256 of the blobs: BoringSSL's"),
                engine().describe() + log.text());
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    @Test
    void insecureRegistriesSkipVerificationWithAWarning() {
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(request().insecureRegistries(Set.of(registry.hostPort())).build());
        assertTrue(Files.exists(out.resolve("manifest.json")));
        assertTrue(
                log.lines().stream()
                        .anyMatch(l ->
                                l.startsWith("WARN TLS certificates of " + registry.hostPort() + " are NOT verified")),
                log.text());
    }

    @Test
    void aCertificateForAnotherNameIsANameMismatch() {
        TestCertificates.Issued wrongName = ca.issue("registry.example.com");
        try (RegistryServer other = RegistryServer.builder()
                .tls(wrongName.certificate(), wrongName.key())
                .start()) {
            BlobDownloaderException e = refusedWith(other, ca.caPem());
            assertTrue(e.getMessage().contains("not issued for this host name"), e.getMessage());
            assertTrue(e.getMessage().contains(other.hostPort()), e.getMessage());
        }
    }

    @Test
    void aNameOnlyInTheSubjectIsNotEnough() {
        // The JDK would fall back to the subject's CN; Docker and Go do not, and neither engine here does.
        TestCertificates.Issued subjectOnly = ca.issueNamedOnlyInSubject("localhost");
        try (RegistryServer other = RegistryServer.builder()
                .tls(subjectOnly.certificate(), subjectOnly.key())
                .start()) {
            BlobDownloaderException e = assertThrows(
                    BlobDownloaderException.class,
                    () -> new ImagePuller(new RecordingLog())
                            .pull(PullRequest.builder("localhost:" + other.port() + "/tls/app:v1", out)
                                    .retries(1)
                                    .tls(engine())
                                    .caCertificates(List.of(ca.caPem()))
                                    .build()));
            assertTrue(e.getMessage().contains("not issued for this host name"), e.getMessage());
            assertTrue(e.getMessage().contains("subject's CN is not accepted"), e.getMessage());
            assertFalse(Files.exists(out.resolve("manifest.json")));
        }
    }

    @Test
    void anExpiredCertificateSaysSo() {
        TestCertificates.Issued expired = ca.issueExpired("127.0.0.1");
        try (RegistryServer other = RegistryServer.builder()
                .tls(expired.certificate(), expired.key())
                .start()) {
            BlobDownloaderException e = refusedWith(other, ca.caPem());
            assertTrue(e.getMessage().contains("has expired"), e.getMessage());
            assertTrue(e.getMessage().contains("⟨insecureRegistries⟩"), e.getMessage());
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsTheUsersMistake() throws Exception {
        Path notPem = Files.writeString(certs.resolve("not.pem"), "hello");
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request().caCertificates(List.of(notPem)).build()));
        assertTrue(e.isUserError());
        assertTrue(
                e.getMessage().startsWith("⟨caCertificates⟩: cannot read certificates" + " from " + notPem),
                e.getMessage());
    }

    /** tls/app:v1 in the style of {@code registryUrl}. */
    private PullRequest byUrl(String registryUrl) {
        return PullRequest.builder("tls/app", out)
                .tls(engine())
                .tag("v1")
                .retries(1)
                .registryUrl(registryUrl)
                .build();
    }

    /** What pulling from {@code server} with {@code caPem} as {@code caCertificates} fails with. */
    private BlobDownloaderException refusedWith(RegistryServer server, Path caPem) {
        return assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request(server).caCertificates(List.of(caPem)).build()));
    }

    private PullRequest.Builder request() {
        return request(registry);
    }

    private PullRequest.Builder request(RegistryServer server) {
        return PullRequest.builder(server.hostPort() + "/tls/app:v1", out)
                .retries(1)
                .tls(engine());
    }
}
