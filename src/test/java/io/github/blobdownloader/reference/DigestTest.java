package io.github.blobdownloader.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The OCI digest grammar: only what is safe in a URL and a file name gets through. */
class DigestTest {

    private static final String HEX64 = "a".repeat(64);
    private static final String HEX128 = "b".repeat(128);

    @Test
    void acceptsSha256AndSha512WithTheirExactLengths() {
        Digest d256 = Digest.parse("sha256:" + HEX64);
        assertEquals("sha256", d256.algorithm());
        assertEquals(HEX64, d256.hex());
        assertEquals("sha256:" + HEX64, d256.toString());
        assertEquals("sha512:" + HEX128, Digest.parse("sha512:" + HEX128).toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 65, 128})
    void refusesSha256OfWrongLength(int length) {
        InvalidDigestException e =
                assertThrows(InvalidDigestException.class, () -> Digest.parse("sha256:" + "a".repeat(length)));
        assertTrue(e.getMessage().contains("64 lowercase hex"), e.getMessage());
    }

    @Test
    void refusesSha512OfSha256Length() {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse("sha512:" + HEX64));
        assertTrue(e.getMessage().contains("128 lowercase hex"), e.getMessage());
    }

    @Test
    void refusesUppercaseHex() {
        InvalidDigestException e =
                assertThrows(InvalidDigestException.class, () -> Digest.parse("sha256:" + "A".repeat(64)));
        assertTrue(e.getMessage().startsWith("malformed sha256 digest"), e.getMessage());
    }

    static List<String> malformed() {
        return List.of(
                "sha256:../../etc/passwd",
                "sha256:" + "a".repeat(60) + "/../",
                "sha256:a%2f..",
                "../sha256:a",
                "sha256:",
                ":abc",
                "sha256",
                "",
                "sha256:" + HEX64 + "\n",
                "sha256:" + HEX64 + " ");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesTraversalAndMalformedInput(String value) {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse(value));
        assertTrue(e.getMessage().startsWith("malformed"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "control characters are not echoed: " + e.getMessage());
    }

    @Test
    void unsupportedAlgorithmIsNamed() {
        InvalidDigestException e =
                assertThrows(InvalidDigestException.class, () -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"));
        assertEquals("unsupported digest algorithm 'md5' (supported: sha256, sha512)", e.getMessage());
        assertTrue(e.isUserError());
    }

    @Test
    void missingDigestIsSaid() {
        assertEquals(
                "missing digest",
                assertThrows(InvalidDigestException.class, () -> Digest.parse(null))
                        .getMessage());
    }

    @Test
    void hostileInputIsShortenedInMessages() {
        InvalidDigestException e =
                assertThrows(InvalidDigestException.class, () -> Digest.parse("sha256:" + "z".repeat(10_000)));
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void hashesAndMatchesBytes() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(bytes);
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest.toString());
        assertTrue(digest.matches(bytes));
        assertFalse(digest.matches("hellO".getBytes(StandardCharsets.UTF_8)));
        Digest sha512 = Digest.parse("sha512:" + HEX128);
        Digest computed = sha512.sameAlgorithm(sha512.newMessageDigest().digest(bytes));
        assertEquals("sha512", computed.algorithm());
        assertTrue(computed.matches(bytes));
    }
}
