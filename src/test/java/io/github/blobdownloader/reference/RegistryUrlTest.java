package io.github.blobdownloader.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The seed's {@code registryUrl} style. */
class RegistryUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            value = {
                "https://example.com:5000/v2,   https, example.com:5000, ''",
                "https://example.com:5000/v2/,  https, example.com:5000, ''",
                "https://example.com:5000,      https, example.com:5000, ''",
                "https://example.com:5000/,     https, example.com:5000, ''",
                "http://127.0.0.1:5000/v2,      http,  127.0.0.1:5000,   ''",
                "HTTPS://Example.com/v2,        https, Example.com,      ''",
                "https://example.com/mirror/v2, https, example.com,      /mirror",
                "https://example.com/a/b/v2//,  https, example.com,      /a/b",
                "https://example.com/a/b,       https, example.com,      /a/b",
                "http://[::1]:5000/v2,          http,  [::1]:5000,       ''",
            })
    void parses(String url, String scheme, String hostPort, String prefix) {
        RegistryUrl parsed = RegistryUrl.parse(url);
        assertEquals(new RegistryUrl(scheme, hostPort, prefix), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/v2", "example.com:5000/v2", "file:///tmp/registry", "//example.com"})
    void refusesOtherSchemes(String url) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> RegistryUrl.parse(url));
        assertTrue(e.getMessage().contains("scheme must be http or https"), e.getMessage());
        assertTrue(e.getMessage().contains("⟨registryUrl⟩"), e.getMessage());
    }

    @Test
    void refusesQueryAndBrokenUrls() {
        assertThrows(InvalidReferenceException.class, () -> RegistryUrl.parse("https://example.com/v2?x=1"));
        assertThrows(InvalidReferenceException.class, () -> RegistryUrl.parse("https://example.com/v2#frag"));
        assertThrows(InvalidReferenceException.class, () -> RegistryUrl.parse("https:///v2"));
        assertThrows(InvalidReferenceException.class, () -> RegistryUrl.parse("https://exa mple.com/v2"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://alice:TopSecret42@example.com/v2",
                "https://alice:TopSecret42@example.com:5000",
                "http://TopSecret42@127.0.0.1:5000/v2",
                // Each of these also trips another check (bad host, bad syntax): the secret must still not show.
                "https://alice:TopSecret42@bad_host:5000/v2",
                "https://alice:Top Secret42@example.com/v2",
                "https://alice:TopSecret42@example.com/v2?x=1",
                "ftp://alice:TopSecret42@example.com/v2",
            })
    void refusesUserInfoWithoutEchoingTheSecret(String url) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> RegistryUrl.parse(url));
        assertFalse(e.getMessage().contains("TopSecret42"), e.getMessage());
        assertFalse(e.getMessage().contains("Secret42"), e.getMessage());
        assertTrue(e.getMessage().contains("credentials do not belong in the URL"), e.getMessage());
        assertTrue(e.getMessage().contains("⟨username⟩/⟨password⟩"), e.getMessage());
    }
}
