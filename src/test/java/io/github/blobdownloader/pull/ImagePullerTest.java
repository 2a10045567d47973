package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.PulledFiles.assertNoPartFiles;
import static io.github.blobdownloader.pull.PulledFiles.assertSeedLayout;
import static io.github.blobdownloader.pull.PulledFiles.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TarGz;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The core pull path against the real registry: formats, references, platforms and the seed layout. */
class ImagePullerTest {

    private static RegistryServer registry;
    private static String host;
    private static PushedImage docker;
    private static PushedImage oci;
    private static PushedImage ociLatest;
    private static PushedImage odd;
    private static PushedIndex dockerList;
    private static PushedIndex ociIndex;

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void pushImages() {
        registry = RegistryServer.builder().start();
        host = registry.hostPort();
        RegistryApi api = new RegistryApi(registry.baseUri());
        docker = TestImages.pushImage(api, "pull/docker", "v1", Format.DOCKER, "linux", "amd64", null, 2, 3000, 11);
        oci = TestImages.pushImage(api, "pull/oci", "v1", Format.OCI, "linux", "amd64", null, 3, 2000, 12);
        ociLatest = TestImages.pushImage(api, "pull/oci", "latest", Format.OCI, "linux", "amd64", null, 1, 1000, 13);
        dockerList = TestImages.pushMultiPlatform(api, "pull/list", "v1", Format.DOCKER, 14);
        ociIndex = TestImages.pushMultiPlatform(api, "pull/index", "v1", Format.OCI, 16);
        odd = TestImages.pushImage(
                api,
                "pull/odd",
                "v1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                List.of(
                        LayerSpec.ociZstd(21, 3000),
                        LayerSpec.ociTar(22, 3000),
                        LayerSpec.ociGzip(23, 3000),
                        LayerSpec.dockerForeign(TarGz.randomLayer(24, 100), List.of("https://example.invalid/l.tgz"))),
                TestImages.DEFAULT_CREATED);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private PullResult pull(PullRequest.Builder request) {
        return new ImagePuller(log).pull(request.retries(1).build());
    }

    private PullRequest.Builder request(String image) {
        return PullRequest.builder(image, out);
    }

    @Test
    void dockerImageByTag() throws Exception {
        PullResult result = pull(request(host + "/pull/docker:v1"));
        assertSeedLayout(out, docker);
        assertEquals(3, result.blobsDownloaded(), "two layers and the config");
        assertEquals(0, result.blobsReused());
        assertEquals(
                docker.configBytes().length
                        + docker.layers().stream()
                                .mapToLong(PushedImage.Layer::size)
                                .sum(),
                result.bytesDownloaded());
        assertEquals(
                docker.manifestDigest(),
                result.images().get(0).reference().digest().toString());
        assertNull(result.images().get(0).platform());
        assertEquals(
                1,
                log.linesContaining(
                                "Resolved " + host + "/pull/docker:v1 to " + docker.manifestDigest() + ": 2 layer(s)")
                        .size(),
                log.text());
        assertEquals(1, log.linesContaining("Downloaded 3 blob(s)").size(), log.text());
    }

    @Test
    void ociImageByTag() throws Exception {
        pull(request(host + "/pull/oci:v1"));
        assertSeedLayout(out, oci);
    }

    @Test
    void imageByDigest() throws Exception {
        PullResult result = pull(request(host + "/pull/oci@" + oci.manifestDigest()));
        assertSeedLayout(out, oci);
        assertEquals(
                oci.manifestDigest(), result.images().get(0).manifest().digest().toString());
    }

    @Test
    void tagLatestWhenNoneIsGiven() throws Exception {
        PullResult result = pull(request(host + "/pull/oci"));
        assertSeedLayout(out, ociLatest);
        assertEquals("latest", result.images().get(0).reference().tag());
    }

    @Test
    void tagParameterOverridesTheTagInTheImage() throws Exception {
        pull(request(host + "/pull/oci:latest").tag("v1"));
        assertSeedLayout(out, oci);
    }

    @Test
    void registryUrlStyle() throws Exception {
        new ImagePuller(log)
                .pull(PullRequest.builder("pull/docker", out.resolve("a"))
                        .registryUrl("http://" + host + "/v2")
                        .tag("v1")
                        .build());
        assertSeedLayout(out.resolve("a"), docker);
        new ImagePuller(log)
                .pull(PullRequest.builder("/pull/oci:v1", out.resolve("b"))
                        .registryUrl("http://" + host + "/")
                        .build());
        assertSeedLayout(out.resolve("b"), oci);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void indexWithDefaultPlatformPullsLinuxAmd64(Format format) throws Exception {
        PushedIndex index = format == Format.OCI ? ociIndex : dockerList;
        String repo = format == Format.OCI ? "pull/index" : "pull/list";
        PullResult result = pull(request(host + "/" + repo + ":v1"));
        assertSeedLayout(out, index.images().get(0));
        assertEquals(Platform.LINUX_AMD64, result.images().get(0).platform());
        assertEquals(
                index.manifestDigest(),
                result.images().get(0).reference().digest().toString(),
                "the reference is pinned to the index, not the platform manifest");
        assertTrue(
                log.text().contains("(linux/amd64) to " + index.images().get(0).manifestDigest()), log.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux/arm64/v8", "linux/arm64", "Linux/ARM64"})
    void indexWithArm64InAnySpelling(String platform) throws Exception {
        pull(request(host + "/pull/index:v1").platform(platform));
        assertSeedLayout(out, ociIndex.images().get(1));
    }

    @Test
    void manifestListWithArm64() throws Exception {
        pull(request(host + "/pull/list:v1").platform("linux/arm64"));
        assertSeedLayout(out, dockerList.images().get(1));
    }

    @Test
    void unknownPlatformListsTheAvailableOnes() throws Exception {
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> pull(request(host + "/pull/index:v1").platform("linux/s390x")));
        assertEquals(
                "image " + host + "/pull/index:v1 has no linux/s390x variant; it offers: linux/amd64,"
                        + " linux/arm64/v8. Set ⟨platform⟩ to one of them",
                e.getMessage());
        assertTrue(e.isUserError());
        assertEquals(Set.of(), fileNames(out));
    }

    @Test
    void allPlatformsGoToSubfolders() throws Exception {
        PullResult result = pull(request(host + "/pull/list:v1").platform("all"));
        assertSeedLayout(out.resolve("linux-amd64"), dockerList.images().get(0), false);
        assertSeedLayout(out.resolve("linux-arm64-v8"), dockerList.images().get(1), false);
        assertEquals(Set.of("download-report.json"), fileNames(out), "only the report directly in the output folder");
        assertEquals(2, result.images().size());
        assertEquals(6, result.blobsDownloaded());
    }

    @Test
    void layerExtensionsFollowTheMediaTypeAndForeignLayersAreSkipped() throws Exception {
        PullResult result = pull(request(host + "/pull/odd:v1"));
        assertSeedLayout(out, odd);
        String hex = odd.layers().get(0).digest().substring(7);
        assertTrue(Files.isRegularFile(out.resolve(hex + ".tar.zst")));
        assertTrue(Files.isRegularFile(out.resolve(odd.layers().get(1).digest().substring(7) + ".tar")));
        assertTrue(Files.isRegularFile(out.resolve(odd.layers().get(2).digest().substring(7) + ".tar.gz")));
        PushedImage.Layer foreign = odd.layers().get(3);
        assertFalse(fileNames(out).stream()
                .anyMatch(n -> n.startsWith(foreign.digest().substring(7))));
        assertEquals(
                1,
                log.linesContaining("INFO Skipping foreign layer " + foreign.digest())
                        .size(),
                log.text());
        assertEquals(
                List.of(foreign.digest()),
                result.images().get(0).skipped().stream()
                        .map(d -> d.digest().toString())
                        .toList());
        assertEquals(4, result.blobsDownloaded(), "three layers and the config");
    }

    @Test
    void secondRunDownloadsNothing() throws Exception {
        pull(request(host + "/pull/oci:v1"));
        RecordingLog second = new RecordingLog();
        PullResult again =
                new ImagePuller(second).pull(request(host + "/pull/oci:v1").build());
        assertEquals(0, again.blobsDownloaded());
        assertEquals(4, again.blobsReused());
        assertEquals(0, again.bytesDownloaded());
        assertSeedLayout(out, oci);
        assertTrue(second.text().contains("Downloaded 0 blob(s) of " + host + "/pull/oci:v1, 0 B"), second.text());
        assertTrue(second.text().contains("4 already present"), second.text());
    }

    @Test
    void damagedFilesAreFetchedAgain() throws Exception {
        pull(request(host + "/pull/oci:v1"));
        Path config = out.resolve("config.json");
        byte[] bytes = Files.readAllBytes(config);
        bytes[0] ^= 1; // same size, different content: only the hash tells
        Files.write(config, bytes);
        Path layer = out.resolve(oci.layers().get(0).digest().substring(7) + ".tar.gz");
        Files.write(layer, new byte[] {1, 2, 3});

        PullResult again = pull(request(host + "/pull/oci:v1"));
        assertEquals(2, again.blobsDownloaded());
        assertEquals(2, again.blobsReused());
        assertSeedLayout(out, oci);
        assertNoPartFiles(out);
    }
}
