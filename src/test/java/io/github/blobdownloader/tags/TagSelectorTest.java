package io.github.blobdownloader.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.ImageResolver;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three strategies against the real registry. The repository is built so that each strategy picks a
 * different tag, and plain lexical order of the version tags a fourth:
 * <pre>
 * tag          created      note
 * latest       2024-01-01
 * 1.9.0        2024-03-01   lexically the greatest version
 * 1.10.0       2024-02-01   the highest release
 * stable       2024-02-01   same manifest as 1.10.0
 * v1.2         2023-06-01   two parts, leading v
 * 2.0.0-rc.1   2024-05-01   pre-release
 * edge         2024-06-01   an index: amd64 newest of all, arm64 2023-01-01
 * </pre>
 */
class TagSelectorTest {

    private static final String REPO = "tags/strategies";
    private static RegistryServer registry;
    private static RegistryApi api;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pushRepository() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
        push("latest", 1, "2024-01-01");
        push("1.9.0", 2, "2024-03-01");
        PushedImage ten = push("1.10.0", 3, "2024-02-01");
        api.pushManifest(REPO, "stable", ten.mediaType(), ten.manifestBytes());
        push("v1.2", 4, "2023-06-01");
        push("2.0.0-rc.1", 5, "2024-05-01");
        PushedImage amd64 = TestImages.pushImage(
                api, REPO, null, Format.OCI, "linux", "amd64", null, 1, 256, 6, Instant.parse("2024-06-01T00:00:00Z"));
        PushedImage arm64 = TestImages.pushImage(
                api, REPO, null, Format.OCI, "linux", "arm64", "v8", 1, 256, 7, Instant.parse("2023-01-01T00:00:00Z"));
        TestImages.pushIndex(api, REPO, "edge", Format.OCI, List.of(amd64, arm64));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static PushedImage push(String tag, long seed, String day) {
        return TestImages.pushImage(
                api, REPO, tag, Format.DOCKER, "linux", "amd64", null, 1, 256, seed, Instant.parse(day + "T00:00:00Z"));
    }

    @Test
    void eachStrategyPicksADifferentTagAndLexicalOrderAFourth() {
        String latest = rank(TagStrategy.LATEST, false, Platform.LINUX_AMD64).choose();
        String semver = rank(TagStrategy.SEMVER, false, Platform.LINUX_AMD64).choose();
        String newest = rank(TagStrategy.NEWEST, false, Platform.LINUX_AMD64).choose();
        // What sorting the plain release tags as strings would pick.
        String lexical = api.tags(REPO).stream()
                .filter(t -> t.matches("[0-9.]+"))
                .max(Comparator.naturalOrder())
                .orElseThrow();

        assertEquals(List.of("latest", "1.10.0", "edge", "1.9.0"), List.of(latest, semver, newest, lexical));
        assertEquals(4, new HashSet<>(List.of(latest, semver, newest, lexical)).size());
    }

    @Test
    void semverOrdersReleasesThenPassedOverTagsWithReasons() {
        TagRanking ranking = rank(TagStrategy.SEMVER, false, Platform.LINUX_AMD64);
        assertEquals(
                List.of("1.10.0", "1.9.0", "v1.2", "2.0.0-rc.1", "edge", "latest", "stable"),
                ranking.tags().stream().map(RankedTag::tag).toList());
        assertEquals("* 1.10.0", ranking.lines().get(0).strip());
        assertTrue(
                ranking.lines().get(3).contains("pre-release"), ranking.lines().toString());
        assertTrue(
                ranking.lines().get(4).contains("not a version"),
                ranking.lines().toString());
        assertTrue(ranking.reason().contains("3 of 7"), ranking.reason());
    }

    @Test
    void semverWithPrereleasesPicksTheReleaseCandidate() {
        assertEquals(
                "2.0.0-rc.1",
                rank(TagStrategy.SEMVER, true, Platform.LINUX_AMD64).choose());
    }

    @Test
    void newestReadsThePlatformsConfigInAnIndexAndSaysHowManyWereInspected() {
        RecordingLog log = new RecordingLog();
        TagRanking amd =
                new TagSelector(client(log), log).rank(REPO, TagStrategy.NEWEST, false, Platform.LINUX_AMD64, 3);
        assertEquals("edge", amd.choose());
        assertTrue(
                amd.lines().get(0).contains("created 2024-06-01T00:00:00Z"),
                amd.lines().toString());
        // 7 tags, but 1.10.0 and stable share one manifest; edge adds its amd64 image.
        assertTrue(
                log.contains("Inspected 7 tag(s) of " + registry.hostPort() + "/" + REPO
                        + " to find the newest: 7 HEAD request(s), 7 manifest(s) and 6 distinct config(s) fetched"),
                log.toString());

        // For arm64 the index's arm64 image is old, so the newest is a single-platform tag.
        assertEquals(
                "2.0.0-rc.1",
                rank(TagStrategy.NEWEST, false, Platform.parse("linux/arm64")).choose());
    }

    @Test
    void missingLatestNamesSomeTagsAndTheOtherStrategies() {
        TestImages.pushImage(api, "tags/nolatest", "1.0", Format.OCI, "linux", "amd64", null, 1, 128, 20);
        TestImages.pushImage(api, "tags/nolatest", "1.1", Format.OCI, "linux", "amd64", null, 1, 128, 21);

        BlobDownloaderException listed = assertThrows(
                BlobDownloaderException.class,
                () -> new TagSelector(client(Log.silent()), Log.silent())
                        .rank("tags/nolatest", TagStrategy.LATEST, false, null, 1)
                        .choose());
        BlobDownloaderException pulled = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(Log.silent())
                        .pull(PullRequest.builder(registry.hostPort() + "/tags/nolatest", tmp)
                                .build()));
        for (BlobDownloaderException e : List.of(listed, pulled)) {
            assertTrue(e.isUserError());
            assertTrue(e.getMessage().contains("has no tag 'latest'; its tags include: 1.0, 1.1"), e.getMessage());
            assertTrue(e.getMessage().contains("⟨tagStrategy⟩ semver or newest"), e.getMessage());
        }
    }

    @Test
    void noReleaseVersionSaysWhatToDo() {
        TestImages.pushImage(api, "tags/prereleases", "3.0.0-beta.1", Format.OCI, "linux", "amd64", null, 1, 128, 30);
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> rank("tags/prereleases", TagStrategy.SEMVER, false).choose());
        assertTrue(e.getMessage().contains("⟨includePrereleases=true⟩"), e.getMessage());
        assertEquals(
                "3.0.0-beta.1",
                rank("tags/prereleases", TagStrategy.SEMVER, true).choose());
    }

    @Test
    void downloadWithoutTagUsesTheStrategyAndLogsTagReasonAndDigest() {
        RecordingLog log = new RecordingLog();
        var result = new ImagePuller(log)
                .pull(PullRequest.builder(registry.hostPort() + "/" + REPO, tmp)
                        .tagStrategy("semver")
                        .build());
        String digest = result.images().get(0).reference().digest().toString();
        assertEquals("1.10.0", result.images().get(0).reference().tag());
        assertTrue(
                log.contains("Chose tag '1.10.0' of " + registry.hostPort() + "/" + REPO
                        + ", highest release version among 3 of 7 tag(s) (tagStrategy=semver): " + digest),
                log.toString());
        assertNotEquals(Optional.empty(), Optional.ofNullable(digest));
    }

    private TagRanking rank(TagStrategy strategy, boolean prereleases, Platform platform) {
        return new TagSelector(client(Log.silent()), Log.silent()).rank(REPO, strategy, prereleases, platform, 4);
    }

    private TagRanking rank(String repo, TagStrategy strategy, boolean prereleases) {
        return new TagSelector(client(Log.silent()), Log.silent()).rank(repo, strategy, prereleases, null, 4);
    }

    private RegistryClient client(Log log) {
        PullRequest request =
                PullRequest.builder(registry.hostPort() + "/" + REPO, tmp).build();
        return ImageResolver.client(request, ImageResolver.endpoint(request, ImageResolver.reference(request)), log);
    }
}
