package io.github.blobdownloader.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Docker reference grammar and its normalisation, edge case by edge case. */
class ImageReferenceTest {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                // input,                        registry,        repository,     tag
                "alpine,                          docker.io,       library/alpine, -",
                "alpine:3.20,                     docker.io,       library/alpine, 3.20",
                "docker.io/alpine,                docker.io,       library/alpine, -",
                "index.docker.io/x,               docker.io,       library/x,      -",
                "docker.io/user/repo:v1,          docker.io,       user/repo,      v1",
                "user/repo,                       docker.io,       user/repo,      -",
                "localhost/repo,                  localhost,       repo,           -",
                "localhost:5000/a/b:tag,          localhost:5000,  a/b,            tag",
                "host:5000/repo,                  host:5000,       repo,           -",
                "[::1]:5000/a,                    [::1]:5000,      a,              -",
                "Example.com/a,                   Example.com,     a,              -",
                "example.com/a/b/c-d__e.f:1.0-rc_1, example.com,   a/b/c-d__e.f,   1.0-rc_1",
            })
    void parsesAndNormalises(String input, String registry, String repository, String tag) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(registry, ref.registry(), "registry");
        assertEquals(repository, ref.repository(), "repository");
        assertEquals(tag, ref.tag(), "tag");
        assertNull(ref.digest());
    }

    @Test
    void portIsNotMistakenForTag() {
        ImageReference ref = ImageReference.parse("host:5000/repo");
        assertNull(ref.tag());
        assertEquals("host:5000", ref.endpointHost());
    }

    @Test
    void tagAndDigestTogether() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/a:1@sha256:" + HEX);
        assertEquals("127.0.0.1:5000", ref.registry());
        assertEquals("a", ref.repository());
        assertEquals("1", ref.tag());
        assertEquals(new Digest("sha256", HEX), ref.digest());
        assertEquals("sha256:" + HEX, ref.manifestReference(), "the digest wins over the tag");
        assertEquals("127.0.0.1:5000/a:1@sha256:" + HEX, ref.toString());
    }

    @Test
    void dockerHubTalksToItsApiHost() {
        assertEquals("registry-1.docker.io", ImageReference.parse("alpine").endpointHost());
        assertEquals(
                "registry-1.docker.io",
                ImageReference.parse("index.docker.io/x").endpointHost());
        assertEquals("quay.io", ImageReference.parse("quay.io/a/b").endpointHost());
    }

    @Test
    void tagOf128CharactersIsTheMaximum() {
        String tag128 = "a" + "b".repeat(127);
        assertEquals(tag128, ImageReference.parse("repo:" + tag128).tag());
        InvalidReferenceException e =
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("repo:" + tag128 + "c"));
        assertTrue(e.getMessage().contains("tag"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"repo:", "repo:-x", "repo:.x", "repo:a+b", "repo:a b", "repo:tag/x:y"})
    void refusesBadTags(String input) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().contains("'" + input + "'"), "names the input: " + e.getMessage());
        assertTrue(e.isUserError());
    }

    @Test
    void refusesUppercaseRepository() {
        InvalidReferenceException e =
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("example.com/Team/app"));
        assertTrue(e.getMessage().contains("'Team'"), e.getMessage());
        assertTrue(e.getMessage().contains("lowercase"), e.getMessage());
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("Alpine"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a//b", "a/", "/a", "example.com/", "-a", "a--", "a..b", "a___b"})
    void refusesMalformedNames(String input) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.isUserError());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void emptyInputNamesTheParameter() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(null));
        assertTrue(e.getMessage().contains("⟨image⟩"), e.getMessage());
    }

    @Test
    void refusesBadHosts() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("bad_host.com/a"));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("host:port/a"));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("-host.com/a"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a@sha256:short",
                "a@sha256:../../x",
                "a@md5:d41d8cd98f00b204e9800998ecf8427e",
                "a@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                "a@",
                "a@sha256:"
            })
    void refusesBadDigests(String input) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().startsWith("invalid image reference"), e.getMessage());
    }

    @Test
    void unsupportedDigestAlgorithmIsNamed() {
        InvalidReferenceException e = assertThrows(
                InvalidReferenceException.class, () -> ImageReference.parse("a@md5:d41d8cd98f00b204e9800998ecf8427e"));
        assertTrue(e.getMessage().contains("md5"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256, sha512"), e.getMessage());
    }

    @Test
    void repositoryNameLengthIsLimited() {
        String longName = "a/".repeat(127) + "ab"; // 256 characters
        InvalidReferenceException e =
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("example.com/" + longName));
        assertTrue(e.getMessage().contains("255"), e.getMessage());
    }

    @Test
    void parseRepositoryUsesTheGivenRegistry() {
        ImageReference ref = ImageReference.parseRepository("example.com:5000", "team/app:1.2");
        assertEquals("example.com:5000", ref.registry());
        assertEquals("team/app", ref.repository());
        assertEquals("1.2", ref.tag());

        ImageReference single = ImageReference.parseRepository("example.com:5000", "/app");
        assertEquals("app", single.repository(), "no library/ prefix outside Docker Hub; leading slash ignored");
        assertNull(single.tag());

        ImageReference pinned = ImageReference.parseRepository("h:1", "app@sha256:" + HEX);
        assertEquals("sha256:" + HEX, pinned.digest().toString());

        assertThrows(InvalidReferenceException.class, () -> ImageReference.parseRepository("h:1", "App"));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parseRepository("h:1", " "));
    }

    @Test
    void validateTagNamesTheParameter() {
        assertEquals("v1.0", ImageReference.validateTag("v1.0"));
        InvalidReferenceException e =
                assertThrows(InvalidReferenceException.class, () -> ImageReference.validateTag("bad tag"));
        assertTrue(e.getMessage().contains("⟨tag⟩"), e.getMessage());
    }

    @Test
    void referenceWithoutTagOrDigestHasNoManifestReference() {
        assertThrows(
                IllegalStateException.class,
                () -> ImageReference.parse("alpine").manifestReference());
        assertEquals("latest", ImageReference.parse("alpine").withTag("latest").manifestReference());
    }
}
