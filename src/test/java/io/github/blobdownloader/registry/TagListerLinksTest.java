package io.github.blobdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.ScriptedTransport;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.testing.RecordingLog;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A next-page link receives the registry's token: only one on the registry's own origin is followed. */
class TagListerLinksTest {

    private final ScriptedTransport script = new ScriptedTransport();

    private TagLister tags() {
        RegistryEndpoint endpoint = RegistryEndpoint.of(RegistryUrl.parse("https://registry.test"), Set.of());
        return RegistryClient.create(
                        endpoint,
                        script,
                        CredentialProvider.anonymous(),
                        new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2)),
                        TransferLimits.of(Duration.ofSeconds(5), 0),
                        ProxySettings.jvmDefaults(),
                        new RecordingLog())
                .tags();
    }

    private List<String> sent() {
        return script.requests().stream()
                .map(HttpRequest::uri)
                .map(URI::toString)
                .toList();
    }

    @Test
    void aNextLinkToPlainHttpOnTheSameHostIsNotFollowed() {
        script.thenStatus(200, Map.of(), "")
                .thenStatus(
                        200,
                        Map.of("Link", "<http://registry.test/v2/team/app/tags/list?last=a>; rel=\"next\""),
                        "{\"tags\":[\"a\"]}")
                .thenStatus(200, Map.of(), "{\"tags\":[\"b\"]}");
        assertEquals(List.of("a"), tags().list("team/app", 0, Integer.MAX_VALUE));
        assertEquals(List.of("https://registry.test/v2/", "https://registry.test/v2/team/app/tags/list"), sent());
    }

    @Test
    void aNextLinkOnTheHostARedirectLedToIsNotFollowed() {
        script.thenStatus(200, Map.of(), "")
                .thenStatus(307, Map.of("Location", "https://elsewhere.test/v2/team/app/tags/list"), "")
                .thenStatus(200, Map.of("Link", "</v2/team/app/tags/list?last=a>; rel=\"next\""), "{\"tags\":[\"a\"]}")
                .thenStatus(200, Map.of(), "{\"tags\":[\"b\"]}");
        assertEquals(List.of("a"), tags().list("team/app", 0, Integer.MAX_VALUE));
        assertEquals(
                List.of(
                        "https://registry.test/v2/",
                        "https://registry.test/v2/team/app/tags/list",
                        "https://elsewhere.test/v2/team/app/tags/list"),
                sent());
    }
}
