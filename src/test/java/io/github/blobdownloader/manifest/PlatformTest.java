package io.github.blobdownloader.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.reference.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Platform parsing, the arm64/arm variant defaults, and choosing an index entry. */
class PlatformTest {

    @Test
    void parsesAndNormalises() {
        assertEquals(new Platform("linux", "amd64", null), Platform.parse("linux/amd64"));
        assertEquals(new Platform("linux", "arm64", "v8"), Platform.parse(" Linux/ARM64/v8 "));
        assertEquals(new Platform("linux", "amd64", null), Platform.parse("linux/x86_64"));
        assertEquals(new Platform("linux", "arm64", null), Platform.parse("linux/aarch64"));
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64/v8").toString());
        assertEquals("linux-arm64-v8", Platform.parse("linux/arm64/v8").folderName());
        assertEquals("linux-amd64", Platform.parse("linux/amd64").folderName());
    }

    @Test
    void parsesAnOsVersionAsGoContainerregistrySpellsIt() {
        Platform p = Platform.parse("windows/amd64:10.0.20348.2461");
        assertEquals(new Platform("windows", "amd64", null, "10.0.20348.2461"), p);
        assertEquals("windows/amd64:10.0.20348.2461", p.toString());
        assertEquals("windows-amd64-10.0.20348.2461", p.folderName());
        assertTrue(p.matches(new Platform("windows", "amd64", null, "10.0.20348.2461")));
        assertFalse(p.matches(new Platform("windows", "amd64", null, "10.0.17763.5820")));
        assertTrue(Platform.parse("windows/amd64").matches(new Platform("windows", "amd64", null, "10.0.17763.5820")));
    }

    @Test
    void folderNamesKeepOnlySafeCharacters() {
        assertEquals("windows-amd64-10.0_.._x", new Platform("windows", "amd64", null, "10.0/../x").folderName());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "linux",
                "linux/",
                "/amd64",
                "linux/arm64/",
                "linux/arm/v7/x",
                "",
                "windows/amd64:",
                "windows/amd64:1:2"
            })
    void refusesMalformed(String value) {
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> Platform.parse(value));
        assertTrue(e.isUserError());
        assertTrue(e.getMessage().contains("⟨platform⟩"), e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(BlobDownloaderException.class, () -> Platform.parse(null));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                // requested,      os,      arch,    variant, matches
                "linux/amd64,      linux,   amd64,   -,       true",
                "linux/amd64,      linux,   x86_64,  -,       true",
                "linux/amd64,      windows, amd64,   -,       false",
                "linux/amd64,      linux,   arm64,   -,       false",
                "linux/arm64,      linux,   arm64,   v8,      true",
                "linux/arm64,      linux,   arm64,   -,       true",
                "linux/arm64/v8,   linux,   arm64,   -,       true",
                "linux/arm64/v8,   linux,   arm64,   v8,      true",
                "linux/arm64/v8,   linux,   aarch64, -,       true",
                "linux/arm64,      linux,   arm64,   v9,      false",
                "linux/arm,        linux,   arm,     v7,      true",
                "linux/arm/v7,     linux,   arm,     -,       true",
                "linux/arm,        linux,   arm,     v6,      false",
                "linux/arm/v6,     linux,   arm,     v7,      false",
                "linux/arm/v6,     linux,   arm,     -,       false",
            })
    void matches(String requested, String os, String arch, String variant, boolean expected) {
        assertEquals(expected, Platform.parse(requested).matches(new Platform(os, arch, variant)));
    }

    @Test
    void nothingMatchesAMissingPlatform() {
        assertFalse(Platform.LINUX_AMD64.matches(null));
    }

    @Test
    void indexSelectionIgnoresAttestationEntries() {
        Descriptor attestation = entry(1, new Platform("unknown", "unknown", null));
        Descriptor noPlatform = entry(2, null);
        Descriptor amd64 = entry(3, new Platform("linux", "amd64", null));
        Descriptor arm64 = entry(4, new Platform("linux", "arm64", "v8"));
        ImageIndex index = new ImageIndex(
                MediaTypes.OCI_INDEX,
                List.of(attestation, noPlatform, amd64, arm64),
                new byte[0],
                Digest.parse("sha256:" + "0".repeat(64)));

        assertEquals(List.of(amd64, arm64), index.imageEntries());
        assertEquals(amd64, index.select(Platform.parse("linux/amd64")).orElseThrow());
        assertEquals(arm64, index.select(Platform.parse("linux/arm64")).orElseThrow());
        assertTrue(index.select(Platform.parse("unknown/unknown")).isEmpty(), "attestations are never chosen");
        assertTrue(index.select(Platform.parse("linux/s390x")).isEmpty());
        assertEquals("linux/amd64, linux/arm64/v8", index.platformList());
    }

    private static Descriptor entry(int n, Platform platform) {
        return new Descriptor(
                MediaTypes.OCI_MANIFEST,
                Digest.parse("sha256:" + String.valueOf(n).repeat(64)),
                100,
                platform,
                List.of(),
                null);
    }
}
