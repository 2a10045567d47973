package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.referrers.ReferrerTypes;
import io.github.blobdownloader.testing.AccessLog;
import io.github.blobdownloader.testing.ArtifactPusher;
import io.github.blobdownloader.testing.ArtifactPusher.Layer;
import io.github.blobdownloader.testing.ArtifactPusher.Pushed;
import io.github.blobdownloader.testing.ArtifactPusher.Subject;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image's referrers come with it in every layout, found through the tag schema of the real registry,
 * pinned by the lock file and served from the cache offline.
 */
class ReferrersPullTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPDX = "application/spdx+json";
    private static final String CYCLONEDX = "application/vnd.cyclonedx+json";

    private static RegistryServer registry;
    private static RegistryApi api;
    private static AccessLog accessLog;
    private static ArtifactPusher pusher;
    private static PushedImage image;
    private static Pushed spdx;
    private static Pushed cyclonedx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void push() {
        registry = RegistryServer.builder().configFragment(AccessLog.CONFIG).start();
        accessLog = new AccessLog(registry);
        api = new RegistryApi(registry.baseUri());
        pusher = new ArtifactPusher(api);
        image = TestImages.pushImage(api, "refs/app", "1.0", Format.OCI, "linux", "amd64", null, 2, 700, 41);
        spdx = pusher.attach("refs/app", Subject.of(image), SPDX, List.of(json("sbom.spdx.json", "{\"spdx\":1}")));
        cyclonedx =
                pusher.attach("refs/app", Subject.of(image), CYCLONEDX, List.of(json("bom.cdx.json", "{\"cdx\":1}")));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static Layer json(String title, String content) {
        return Layer.titled("application/json", title, content.getBytes(StandardCharsets.UTF_8));
    }

    private PullRequest.Builder request(String image, Path out) {
        return PullRequest.builder(registry.hostPort() + "/" + image, out).cacheDirectory(tmp.resolve("cache"));
    }

    private static byte[] layerOf(Pushed artifact) {
        return artifact.layers().get(0).content();
    }

    @Test
    void theBlobsLayoutPutsEachReferrerInItsOwnFolderAndTheReportListsThem() throws Exception {
        Path out = tmp.resolve("out");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/app:1.0", out).referrers(ReferrerTypes.ALL).build());
        for (Pushed referrer : List.of(spdx, cyclonedx)) {
            Path folder = out.resolve("referrers").resolve(referrer.hex());
            assertArrayEquals(referrer.manifest(), Files.readAllBytes(folder.resolve("manifest.json")));
            assertEquals("{}", Files.readString(folder.resolve("config.json")));
            String layerHex = referrer.layers().get(0).digest().substring(7);
            assertArrayEquals(layerOf(referrer), Files.readAllBytes(folder.resolve(layerHex + ".blob")));
        }
        assertArrayEquals(image.manifestBytes(), Files.readAllBytes(out.resolve("manifest.json")));
        JsonNode report = JSON.readTree(out.resolve("download-report.json").toFile());
        JsonNode listed = report.path("referrers");
        assertEquals(2, listed.size(), report.toString());
        assertEquals(SPDX, listed.get(0).path("artifactType").asText());
        assertEquals(image.manifestDigest(), listed.get(0).path("subject").asText());
        assertEquals(spdx.digest(), listed.get(0).path("manifestDigest").asText());
        assertEquals(
                "referrers/" + spdx.hex() + "/" + spdx.layers().get(0).digest().substring(7) + ".blob",
                listed.get(0).path("blobs").get(1).path("file").asText());
    }

    @Test
    void referrerTypesKeepsOnlyThoseTypes() throws Exception {
        Path out = tmp.resolve("out");
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(request("refs/app:1.0", out)
                        .referrers(ReferrerTypes.parse(CYCLONEDX))
                        .build());
        assertEquals(Set.of(cyclonedx.hex()), folders(out.resolve("referrers")));
        assertTrue(
                log.contains("Pulled " + registry.hostPort() + "/refs/app:1.0 referrer " + cyclonedx.digest() + " ("
                        + CYCLONEDX + ")"),
                log.toString());
    }

    @Test
    void withoutReferrersNothingIsAskedAboutThem() throws Exception {
        Path out = tmp.resolve("out");
        long before = accessLog.manifestGets("refs/app");
        new ImagePuller(new RecordingLog()).pull(request("refs/app:1.0", out).build());
        assertFalse(Files.exists(out.resolve("referrers")));
        assertEquals(before + 1, accessLog.manifestGets("refs/app"), "only the image's manifest");
    }

    @Test
    void theOciLayoutListsReferrersInIndexJsonAndUnderTheTagSchemaAndSkopeoStillReadsTheImage() throws Exception {
        Path out = tmp.resolve("oci");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/app:1.0", out)
                        .layout("oci")
                        .referrers(ReferrerTypes.ALL)
                        .build());
        JsonNode index = JSON.readTree(out.resolve("index.json").toFile());
        List<String> digests = new ArrayList<>();
        String tagSchemaIndex = null;
        for (JsonNode entry : index.path("manifests")) {
            digests.add(entry.path("digest").asText());
            if (("sha256-" + image.manifestDigest().substring(7))
                    .equals(entry.path("annotations")
                            .path("org.opencontainers.image.ref.name")
                            .asText())) {
                tagSchemaIndex = entry.path("digest").asText();
            }
        }
        assertTrue(
                digests.containsAll(List.of(image.manifestDigest(), spdx.digest(), cyclonedx.digest())),
                index.toString());
        JsonNode spdxEntry = entryFor(index, spdx.digest());
        assertEquals(SPDX, spdxEntry.path("artifactType").asText());
        assertTrue(spdxEntry.path("annotations").isMissingNode(), "a referrer entry is untagged");
        assertTrue(tagSchemaIndex != null, index.toString());
        JsonNode listing = JSON.readTree(blob(out, tagSchemaIndex).toFile());
        Set<String> listed = new HashSet<>();
        listing.path("manifests")
                .forEach(m -> listed.add(
                        m.path("digest").asText() + " " + m.path("artifactType").asText()));
        assertEquals(Set.of(spdx.digest() + " " + SPDX, cyclonedx.digest() + " " + CYCLONEDX), listed);
        for (Pushed referrer : List.of(spdx, cyclonedx)) {
            assertArrayEquals(referrer.manifest(), Files.readAllBytes(blob(out, referrer.digest())));
            assertArrayEquals(
                    layerOf(referrer),
                    Files.readAllBytes(blob(out, referrer.layers().get(0).digest())));
            assertArrayEquals(
                    "{}".getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(blob(out, ArtifactPusher.emptyConfigDigest())));
        }
        // Readers of the image by tag are not confused by the extra entries.
        String inspected = ExternalTool.skopeo().run("inspect", "oci:" + out + ":1.0");
        assertEquals(
                image.manifestDigest(), JSON.readTree(inspected).path("Digest").asText());
    }

    private static Set<String> folders(Path dir) throws java.io.IOException {
        try (var list = Files.list(dir)) {
            return list.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static JsonNode entryFor(JsonNode index, String digest) {
        for (JsonNode entry : index.path("manifests")) {
            if (entry.path("digest").asText().equals(digest)) {
                return entry;
            }
        }
        throw new AssertionError(digest + " not in " + index);
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    @Test
    void theDockerArchiveLayoutPutsReferrersNextToTheArchive() throws Exception {
        Path out = tmp.resolve("archive");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/app:1.0", out)
                        .layout("docker-archive")
                        .referrers(ReferrerTypes.ALL)
                        .build());
        assertTrue(Files.isRegularFile(out.resolve("app-1.0.tar")));
        assertEquals(Set.of(spdx.hex(), cyclonedx.hex()), folders(out.resolve("referrers")));
    }

    @Test
    void aLockFilePinsTheReferrersSoLaterBuildsGetTheSameOnesAndOfflineFromTheCache() throws Exception {
        PushedImage pinnedImage =
                TestImages.pushImage(api, "refs/pinned", "1.0", Format.OCI, "linux", "amd64", null, 1, 300, 42);
        Pushed first =
                pusher.attach("refs/pinned", Subject.of(pinnedImage), SPDX, List.of(json("a.json", "{\"a\":1}")));
        Path lock = tmp.resolve("blob-lock.json");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/pinned:1.0", tmp.resolve("one"))
                        .lockFile(lock)
                        .referrers(ReferrerTypes.ALL)
                        .build());
        JsonNode pin = JSON.readTree(lock.toFile()).path("images").elements().next();
        assertEquals(first.digest(), pin.path("referrers").get(0).path("digest").asText(), pin.toString());
        assertEquals(SPDX, pin.path("referrers").get(0).path("artifactType").asText());

        // A new referrer appears: the pinned build says so and keeps to its pins.
        Pushed second =
                pusher.attach("refs/pinned", Subject.of(pinnedImage), SPDX, List.of(json("b.json", "{\"b\":2}")));
        RecordingLog log = new RecordingLog();
        new ImagePuller(log)
                .pull(request("refs/pinned:1.0", tmp.resolve("two"))
                        .lockFile(lock)
                        .referrers(ReferrerTypes.ALL)
                        .build());
        assertEquals(Set.of(first.hex()), folders(tmp.resolve("two/referrers")));
        assertTrue(log.contains("has a new referrer " + second.digest()), log.toString());

        // Offline: the pinned referrers come from the cache, with no request at all.
        long requests = accessLog.requests("refs/pinned");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/pinned:1.0", tmp.resolve("three"))
                        .lockFile(lock)
                        .offline(true)
                        .referrers(ReferrerTypes.ALL)
                        .build());
        assertArrayEquals(
                first.manifest(), Files.readAllBytes(tmp.resolve("three/referrers/" + first.hex() + "/manifest.json")));
        assertEquals(requests, accessLog.requests("refs/pinned"));
    }

    @Test
    void offlineWithoutPinnedReferrersIsAClearFailure() {
        Path lock = tmp.resolve("blob-lock.json");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/app:1.0", tmp.resolve("one")).lockFile(lock).build());
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request("refs/app:1.0", tmp.resolve("two"))
                                .lockFile(lock)
                                .offline(true)
                                .referrers(ReferrerTypes.ALL)
                                .build()));
        assertTrue(
                e.getMessage().contains("the referrers of image")
                        && e.getMessage().contains("pins none"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("two/manifest.json")), "nothing under a final name");
    }

    @Test
    void aReferrerTheLayoutRefusesIsRefusedBeforeAnyFileOfTheImageIsPlaced() throws Exception {
        Pushed config = pusher.push(
                "refs/files", "1.0", "application/vnd.example.config", List.of(json("app.json", "{\"app\":1}")));
        pusher.attach(
                "refs/files",
                new Subject("application/vnd.oci.image.manifest.v1+json", config.digest(), config.size()),
                SPDX,
                List.of(json("../escape.json", "{}")));
        Path out = tmp.resolve("files");
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(request("refs/files:1.0", out)
                                .layout("files")
                                .referrers(ReferrerTypes.ALL)
                                .build()));
        assertTrue(e.getMessage().contains("../escape.json"), e.getMessage());
        assertFalse(Files.exists(out.resolve("app.json")), "no file of the image under its final name");
    }

    @Test
    void theReferrersOfEachPlatformOfAnIndexComeToo() throws Exception {
        PushedIndex index = TestImages.pushMultiPlatform(api, "refs/multi", "1.0", Format.OCI, 43);
        PushedImage amd64 = index.images().stream()
                .filter(i -> "amd64".equals(i.architecture()))
                .findFirst()
                .orElseThrow();
        Pushed onPlatform =
                pusher.attach("refs/multi", Subject.of(amd64), SPDX, List.of(json("amd64.json", "{\"p\":1}")));
        Path out = tmp.resolve("multi");
        new ImagePuller(new RecordingLog())
                .pull(request("refs/multi:1.0", out)
                        .referrers(ReferrerTypes.ALL)
                        .build());
        assertEquals(Set.of(onPlatform.hex()), folders(out.resolve("referrers")));
    }
}
