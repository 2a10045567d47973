package io.github.blobdownloader.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host name rule, on certificates made by openssl, and on names alone. */
class HostNameCheckTest {

    @TempDir
    static Path dir;

    private static TestCertificates ca;

    @BeforeAll
    static void ca() {
        ca = TestCertificates.newCa(dir.resolve("ca"));
    }

    private static X509Certificate leaf(TestCertificates.Issued issued) throws Exception {
        try (InputStream in = Files.newInputStream(issued.certificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({
        "registry.example.com, registry.example.com, true",
        "Registry.Example.COM, registry.example.com, true",
        "registry.example.com., registry.example.com, true",
        "registry.example.com, registry.example.com., true",
        "*.example.com, registry.example.com, true",
        "*.Example.com, REGISTRY.example.com, true",
        "*.example.com, example.com, false",
        "*.example.com, a.registry.example.com, false",
        "*.example.com, .example.com, false",
        "*.com, example.com, false",
        "*, example, false",
        "reg*.example.com, registry.example.com, false",
        "registry.*.com, registry.example.com, false",
        "*.*.example.com, a.b.example.com, false",
        "registry.example.com, other.example.com, false",
        "registry.example.com, registry.example.com.evil.org, false",
        "'', registry.example.com, false",
        "*.example.com, *.example.com, false",
        "10.1, 10.1, false",
        "127.0.0.1, 127.0.0.1., false",
        "*.0.1, 10.0.1, false",
    })
    void namesMatchAsDockerAndGoMatchThem(String pattern, String host, boolean matches) {
        assertEquals(matches, HostNameCheck.matches(pattern, host));
    }

    @Test
    void aDnsNameAmongSeveralMatches() throws Exception {
        X509Certificate cert = leaf(ca.issue("registry.corp", "*.mirror.corp"));
        assertNull(HostNameCheck.mismatch("registry.corp", cert));
        assertNull(HostNameCheck.mismatch("eu.mirror.corp", cert));
        String problem = HostNameCheck.mismatch("other.corp", cert);
        assertNotNull(problem);
        assertTrue(problem.startsWith("No subject alternative DNS name matching other.corp found"), problem);
        assertTrue(problem.contains("registry.corp") && problem.contains("*.mirror.corp"), problem);
    }

    @Test
    void aCertificateWithManyNamesShowsTheFirstFew() throws Exception {
        X509Certificate cert = leaf(ca.issue("a.corp", "b.corp", "c.corp", "d.corp", "e.corp", "f.corp", "g.corp"));
        String problem = HostNameCheck.mismatch("other.corp", cert);
        assertNotNull(problem);
        assertTrue(problem.endsWith("names a.corp, b.corp, c.corp, d.corp, e.corp and 2 more"), problem);
    }

    @Test
    void anAddressMatchesOnlyAnAddressEntry() throws Exception {
        X509Certificate cert = leaf(ca.issue("127.0.0.1", "localhost"));
        assertNull(HostNameCheck.mismatch("127.0.0.1", cert));
        assertNull(HostNameCheck.mismatch("localhost", cert));
        String problem = HostNameCheck.mismatch("127.0.0.2", cert);
        assertNotNull(problem);
        assertTrue(problem.contains("matching IP address 127.0.0.2"), problem);

        X509Certificate namesOnly = leaf(ca.issue("localhost"));
        String noAddress = HostNameCheck.mismatch("127.0.0.1", namesOnly);
        assertNotNull(noAddress, "a DNS entry never vouches for an address");
        assertTrue(noAddress.contains("names no IP address"), noAddress);
    }

    @Test
    void ipv6AddressesCompareAsAddresses() throws Exception {
        X509Certificate cert = leaf(ca.issue("::1"));
        assertNull(HostNameCheck.mismatch("[::1]", cert));
        assertNull(HostNameCheck.mismatch("0:0:0:0:0:0:0:1", cert));
        assertNotNull(HostNameCheck.mismatch("[::2]", cert));
    }

    @Test
    void somethingLikeAnAddressThatIsNoneIsComparedAsANameAndFails() throws Exception {
        X509Certificate cert = leaf(ca.issue("127.0.0.1"));
        // Not literals: compared against DNS entries (there are none), never resolved.
        assertNotNull(HostNameCheck.mismatch("127.000.0.1", cert));
        assertNotNull(HostNameCheck.mismatch("300.0.0.1", cert));
    }

    @Test
    void aNameOnlyInTheSubjectIsRefusedWithTheReason() throws Exception {
        X509Certificate cert = leaf(ca.issueNamedOnlyInSubject("registry.corp"));
        String problem = HostNameCheck.mismatch("registry.corp", cert);
        assertNotNull(problem);
        assertTrue(problem.contains("names no DNS name"), problem);
        assertTrue(problem.contains("subject's CN is not accepted"), problem);
        assertFalse(problem.contains("\n"), problem);
    }
}
