package io.github.blobdownloader.referrers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.registry.RegistryException;
import io.github.blobdownloader.testing.ArtifactPusher;
import io.github.blobdownloader.testing.ArtifactPusher.Layer;
import io.github.blobdownloader.testing.ArtifactPusher.Pushed;
import io.github.blobdownloader.testing.ArtifactPusher.Subject;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.ReferrersApiServer;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.ScriptedRegistryProxy;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.tls.TlsTrust;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both ways of finding referrers: the tag schema against the real docker-registry 2.8 (which has no referrers
 * API), and the API itself (pages, filters) from an in-process server in front of it.
 */
class ReferrerFinderTest {

    static final String SPDX = "application/spdx+json";
    static final String CYCLONEDX = "application/vnd.cyclonedx+json";

    private static RegistryServer registry;
    private static PushedImage image;
    private static PushedImage bare;
    private static Pushed spdx;
    private static Pushed cyclonedx;
    private static Pushed otherSpdx;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void push() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        image = TestImages.pushImage(api, "ref/app", "1.0", Format.OCI, "linux", "amd64", null, 1, 500, 31);
        bare = TestImages.pushImage(api, "ref/app", "2.0", Format.OCI, "linux", "amd64", null, 1, 500, 32);
        ArtifactPusher pusher = new ArtifactPusher(api);
        Subject subject = Subject.of(image);
        spdx = pusher.attach("ref/app", subject, SPDX, List.of(sbom("sbom.spdx.json", "{\"spdxVersion\":1}")));
        cyclonedx = pusher.attach("ref/app", subject, CYCLONEDX, List.of(sbom("bom.json", "{\"bomFormat\":1}")));
        otherSpdx = pusher.attach("ref/app", subject, SPDX, List.of(sbom("sbom2.spdx.json", "{\"spdxVersion\":2}")));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static Layer sbom(String title, String json) {
        return Layer.titled("application/json", title, json.getBytes(StandardCharsets.UTF_8));
    }

    private RegistryClient client(String hostPort) {
        return RegistryClient.create(
                RegistryEndpoint.of(RegistryUrl.parse("http://" + hostPort), Set.of()),
                CredentialProvider.anonymous(),
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)),
                TransferLimits.of(Duration.ofSeconds(10), 0),
                TlsTrust.jdkDefault(),
                TlsTrust.anything(),
                ProxySettings.jvmDefaults(),
                log);
    }

    private static List<Digest> digests(ReferrerFinder.Found found) {
        return found.referrers().stream().map(Descriptor::digest).toList();
    }

    private static Digest digest(String s) {
        return Digest.parse(s);
    }

    @Test
    void withoutTheApiTheTagSchemaListsEveryReferrerWithItsType() {
        ReferrerFinder.Found found = ReferrerFinder.find(
                client(registry.hostPort()), "ref/app", digest(image.manifestDigest()), ReferrerTypes.ALL, log);
        assertEquals(ReferrerFinder.Source.TAG_SCHEMA, found.source());
        assertEquals(
                List.of(digest(spdx.digest()), digest(cyclonedx.digest()), digest(otherSpdx.digest())), digests(found));
        assertEquals(
                List.of(SPDX, CYCLONEDX, SPDX),
                found.referrers().stream().map(Descriptor::artifactType).toList());
    }

    @Test
    void theTagSchemaIsFilteredHere() {
        ReferrerFinder.Found found = ReferrerFinder.find(
                client(registry.hostPort()),
                "ref/app",
                digest(image.manifestDigest()),
                ReferrerTypes.parse(" " + CYCLONEDX + " ,application/none"),
                log);
        assertEquals(List.of(digest(cyclonedx.digest())), digests(found));
    }

    @Test
    void aManifestNobodyRefersToHasNoReferrers() {
        ReferrerFinder.Found found = ReferrerFinder.find(
                client(registry.hostPort()), "ref/app", digest(bare.manifestDigest()), ReferrerTypes.ALL, log);
        assertEquals(List.of(), found.referrers());
        assertEquals(ReferrerFinder.Source.TAG_SCHEMA, found.source());
    }

    @Test
    void theApiIsReadPageByPage() {
        try (ReferrersApiServer api = ReferrersApiServer.start(registry.baseUri(), 2)) {
            api.add(image.manifestDigest(), spdx, cyclonedx, otherSpdx);
            ReferrerFinder.Found found = ReferrerFinder.find(
                    client(api.hostPort()), "ref/app", digest(image.manifestDigest()), ReferrerTypes.ALL, log);
            assertEquals(ReferrerFinder.Source.API, found.source());
            assertEquals(
                    List.of(digest(spdx.digest()), digest(cyclonedx.digest()), digest(otherSpdx.digest())),
                    digests(found));
            assertEquals(2, api.pagesServed(), "two pages of two");
            assertTrue(
                    api.proxy().requests("/manifests/sha256-").isEmpty(), "no tag-schema request when the API answers");
        }
    }

    @Test
    void oneTypeIsAskedOfTheApiAndCheckedAgainWhenTheRegistryDoesNotSayItFiltered() {
        try (ReferrersApiServer api = ReferrersApiServer.start(registry.baseUri(), 10)) {
            api.add(image.manifestDigest(), spdx, cyclonedx, otherSpdx);
            api.ignoreFilters();
            ReferrerFinder.Found found = ReferrerFinder.find(
                    client(api.hostPort()), "ref/app", digest(image.manifestDigest()), ReferrerTypes.parse(SPDX), log);
            assertEquals(List.of(digest(spdx.digest()), digest(otherSpdx.digest())), digests(found));
            assertTrue(api.proxy()
                    .requests("/referrers/")
                    .get(0)
                    .target()
                    .contains("artifactType=application%2Fspdx%2Bjson"));
        }
    }

    @Test
    void aRegistryThatFailsTheApiFailsTheSearchRatherThanHidingReferrers() {
        try (ScriptedRegistryProxy proxy = ScriptedRegistryProxy.start(registry.baseUri())) {
            proxy.on("/referrers/", ScriptedRegistryProxy.status(500), -1);
            RegistryException e = assertThrows(
                    RegistryException.class,
                    () -> ReferrerFinder.find(
                            client(proxy.hostPort()),
                            "ref/app",
                            digest(image.manifestDigest()),
                            ReferrerTypes.ALL,
                            log));
            assertTrue(e.getMessage().contains("HTTP 500 for referrers of"), e.getMessage());
        }
    }

    @Test
    void theTagSchemaTagIsTheDigestWithADash() {
        assertEquals(
                "sha256-" + "ab".repeat(32), digest("sha256:" + "ab".repeat(32)).referrersTag());
        assertEquals(
                "sha512-" + "cd".repeat(32), digest("sha512:" + "cd".repeat(64)).referrersTag());
    }
}
