package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TarGz;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code oci} and {@code docker-archive} layouts, written from the real registry and read back by
 * skopeo and umoci, which verify every digest on their own.
 */
class LayoutInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryServer registry;
    private static RegistryApi api;

    private final ExternalTool skopeo = ExternalTool.skopeo();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void twoImagesShareOneOciLayoutAndSkopeoReadsBoth() throws IOException {
        LayerSpec shared = LayerSpec.ociGzip(11, 4000);
        PushedImage first = TestImages.pushImage(
                api,
                "oci/first",
                "1.0",
                Format.OCI,
                "linux",
                "amd64",
                null,
                List.of(shared, LayerSpec.ociGzip(12, 3000)),
                TestImages.DEFAULT_CREATED);
        PushedImage second = TestImages.pushImage(
                api,
                "oci/second",
                "2.0",
                Format.OCI,
                "linux",
                "amd64",
                null,
                List.of(shared, LayerSpec.ociGzip(13, 3000)),
                TestImages.DEFAULT_CREATED);
        Path oci = tmp.resolve("oci");

        pull("oci/first:1.0", oci, "oci", "linux/amd64");
        pull("oci/second:2.0", oci, "oci", "linux/amd64");
        PullResult again = pull("oci/first:1.0", oci, "oci", "linux/amd64");

        assertEquals(0, again.blobsDownloaded(), "second run finds every blob in place");
        JsonNode index = JSON.readTree(oci.resolve("index.json").toFile());
        assertEquals(List.of("1.0", "2.0"), refNames(index), "a second run replaces its own entry only");
        assertEquals(
                registry.hostPort() + "/oci/first:1.0",
                index.path("manifests")
                        .get(0)
                        .path("annotations")
                        .path(OciLayout.IMAGE_NAME)
                        .asText());
        // 2 configs, 3 distinct layers, 2 manifests: the shared layer is stored once.
        assertEquals(7, blobFiles(oci).size());
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(oci.resolve("oci-layout")));

        for (PushedImage image : List.of(first, second)) {
            String ref = "oci:" + oci + ":" + image.reference();
            JsonNode inspected = JSON.readTree(skopeo.run("inspect", ref));
            assertEquals(image.manifestDigest(), inspected.path("Digest").asText());
            assertEquals(image.layers().size(), inspected.path("Layers").size());
            assertArrayEquals(
                    image.manifestBytes(), skopeo.run("inspect", "--raw", ref).getBytes(StandardCharsets.UTF_8));
            Path copy = tmp.resolve("copy-" + image.reference());
            skopeo.run("copy", ref, "dir:" + copy);
            for (PushedImage.Layer layer : image.layers()) {
                assertArrayEquals(
                        layer.bytes(),
                        Files.readAllBytes(copy.resolve(layer.digest().substring(7))));
            }
        }
    }

    @Test
    void umociReadsTheOciLayout() throws IOException {
        PushedImage image =
                TestImages.pushImage(api, "oci/umoci", "v1", Format.OCI, "linux", "amd64", null, 2, 3000, 21);
        Path oci = tmp.resolve("oci");
        pull("oci/umoci:v1", oci, "oci", "linux/amd64");

        ExternalTool umoci = ExternalTool.umoci();
        assertEquals("v1", umoci.run("ls", "--layout", oci.toString()).strip());
        Path bundle = tmp.resolve("bundle");
        umoci.run("unpack", "--rootless", "--image", oci + ":v1", bundle.toString());
        assertTrue(Files.isRegularFile(bundle.resolve("config.json")), "umoci unpacked a runtime bundle");
        for (int i = 0; i < image.layers().size(); i++) {
            long seed = 21 * 1_000_003L + i;
            assertArrayEquals(
                    TarGz.randomBytes(seed, 3000),
                    Files.readAllBytes(bundle.resolve("rootfs/data/random-" + Long.toHexString(seed) + ".bin")),
                    "layer " + i);
        }
    }

    @Test
    void withoutOciMediaTypesADockerFormatImageKeepsTheRegistrysManifestBytes() throws IOException {
        PushedImage image =
                TestImages.pushImage(api, "oci/docker", "d1", Format.DOCKER, "linux", "amd64", null, 2, 2000, 25);
        Path oci = tmp.resolve("oci");

        new ImagePuller(Log.silent())
                .pull(PullRequest.builder(registry.hostPort() + "/oci/docker:d1", oci)
                        .layout("oci")
                        .ociMediaTypes(false)
                        .build());

        assertArrayEquals(image.manifestBytes(), Files.readAllBytes(blob(oci, image.manifestDigest())));
        JsonNode entry = JSON.readTree(oci.resolve("index.json").toFile())
                .path("manifests")
                .get(0);
        assertEquals(image.mediaType(), entry.path("mediaType").asText());
        // skopeo 1.9 finds only OCI-typed entries by tag; the layout's only image is found without one.
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "oci:" + oci));
        assertEquals(image.manifestDigest(), inspected.path("Digest").asText());
        skopeo.run("copy", "oci:" + oci, "dir:" + tmp.resolve("copy"));
        assertArrayEquals(image.manifestBytes(), Files.readAllBytes(tmp.resolve("copy/manifest.json")));
        // Why ociMediaTypes is on by default: umoci reads only OCI manifests.
        ExternalTool.Result umoci = ExternalTool.umoci()
                .runAllowingFailure(
                        "unpack",
                        "--rootless",
                        "--image",
                        oci + ":d1",
                        tmp.resolve("bundle").toString());
        assertTrue(umoci.exitCode() != 0 && umoci.stderr().contains(image.mediaType()), umoci.toString());
    }

    @Test
    void allPlatformsKeepTheIndexAndSkopeoCopiesEveryPlatform() throws IOException {
        PushedIndex index = TestImages.pushMultiPlatform(api, "oci/multi", "m1", Format.OCI, 31);
        Path oci = tmp.resolve("oci");

        PullResult result = pull("oci/multi:m1", oci, "oci", "all");

        assertEquals(2, result.images().size());
        JsonNode entries = JSON.readTree(oci.resolve("index.json").toFile()).path("manifests");
        assertEquals(1, entries.size());
        assertEquals(index.manifestDigest(), entries.get(0).path("digest").asText());
        assertEquals(index.mediaType(), entries.get(0).path("mediaType").asText());
        String ref = "oci:" + oci + ":m1";
        assertArrayEquals(index.bytes(), skopeo.run("inspect", "--raw", ref).getBytes(StandardCharsets.UTF_8));
        Path copy = tmp.resolve("copy");
        skopeo.run("copy", "--multi-arch", "all", ref, "dir:" + copy);
        for (PushedImage platform : index.images()) {
            assertArrayEquals(
                    platform.manifestBytes(),
                    Files.readAllBytes(copy.resolve(platform.manifestDigest().substring(7) + ".manifest.json")));
        }
    }

    @Test
    void singlePlatformOfAnIndexIsRecordedAsItsImageManifest() throws IOException {
        PushedIndex index = TestImages.pushMultiPlatform(api, "oci/one", "o1", Format.OCI, 41);
        PushedImage arm = index.images().get(1);
        Path oci = tmp.resolve("oci");

        pull("oci/one:o1", oci, "oci", "linux/arm64/v8");

        JsonNode entry = JSON.readTree(oci.resolve("index.json").toFile())
                .path("manifests")
                .get(0);
        assertEquals(arm.manifestDigest(), entry.path("digest").asText());
        assertEquals("arm64", entry.path("platform").path("architecture").asText());
        assertFalse(Files.exists(blob(oci, index.manifestDigest())), "the index is not stored without its platforms");
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "oci:" + oci + ":o1"));
        assertEquals("arm64", inspected.path("Architecture").asText());
    }

    @Test
    void foreignLayerIsReferencedButNotStored() throws IOException {
        LayerSpec nondistributable = new LayerSpec(
                "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                TarGz.randomLayer(51, 500),
                false,
                List.of("https://example.invalid/base.tgz"));
        PushedImage image = TestImages.pushImage(
                api,
                "oci/foreign",
                "f1",
                Format.OCI,
                "windows",
                "amd64",
                null,
                List.of(nondistributable, LayerSpec.ociGzip(52, 2000)),
                TestImages.DEFAULT_CREATED);
        PushedImage.Layer foreign = image.layers().get(0);
        Path oci = tmp.resolve("oci");

        PullResult result = pull("oci/foreign:f1", oci, "oci", "windows/amd64");

        assertEquals(
                List.of(foreign.digest()),
                result.images().get(0).skipped().stream()
                        .map(d -> d.digest().toString())
                        .toList());
        assertFalse(Files.exists(blob(oci, foreign.digest())));
        assertTrue(Files.exists(blob(oci, image.layers().get(1).digest())));
        String ref = "oci:" + oci + ":f1";
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", ref));
        assertEquals(2, inspected.path("Layers").size(), "the manifest still lists the foreign layer");
        // An OCI destination accepts foreign layers by reference, so skopeo copies everything else.
        Path copy = tmp.resolve("copy");
        skopeo.run("copy", ref, "oci:" + copy + ":f1");
        assertTrue(Files.exists(blob(copy, image.layers().get(1).digest())));
        // A dir: destination needs the bytes, so skopeo goes to the layer's urls (here unreachable).
        ExternalTool.Result toDir = skopeo.runAllowingFailure("copy", ref, "dir:" + tmp.resolve("dir"));
        assertTrue(toDir.exitCode() != 0 && toDir.stderr().contains("example.invalid"), toDir.toString());
    }

    @Test
    void dockerArchiveIsReadBySkopeoWithItsTag() throws IOException {
        PushedImage image = TestImages.pushImage(
                api,
                "team/archived",
                "3.1",
                Format.OCI,
                "linux",
                "amd64",
                null,
                List.of(LayerSpec.ociGzip(61, 3000), LayerSpec.ociTar(62, 2000), LayerSpec.ociGzip(61, 3000)),
                TestImages.DEFAULT_CREATED);
        Path out = tmp.resolve("out");

        pull("team/archived:3.1", out, "docker-archive", "linux/amd64");

        Path archive = out.resolve("archived-3.1.tar");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    List.of(archive, out.resolve("download-report.json")),
                    files.sorted().toList(),
                    "only the archive and the report are left, no staging or temp file");
        }
        String report = Files.readString(out.resolve("download-report.json"));
        assertTrue(
                report.contains(
                        "archived-3.1.tar/" + image.layers().get(0).digest().substring(7) + ".tar.gz"),
                report);
        String listing = ExternalTool.tar().run("-tf", archive.toString());
        assertTrue(listing.contains(image.layers().get(0).digest().substring(7) + ".tar.gz"), listing);
        assertTrue(listing.contains(image.layers().get(1).digest().substring(7) + ".tar\n"), listing);
        assertTrue(listing.contains("manifest.json") && listing.contains("repositories"), listing);

        String ref = "docker-archive:" + archive;
        JsonNode tags = JSON.readTree(skopeo.run("list-tags", ref));
        assertEquals(
                "[\"" + registry.hostPort() + "/team/archived:3.1\"]",
                tags.path("Tags").toString());
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", ref));
        assertEquals(3, inspected.path("Layers").size());
        Path copy = tmp.resolve("copy");
        skopeo.run("copy", ref, "dir:" + copy);
        JsonNode copied = JSON.readTree(copy.resolve("manifest.json").toFile());
        assertEquals(image.configDigest(), copied.path("config").path("digest").asText());
    }

    @Test
    void dockerArchiveRefusesAllPlatformsAndForeignLayersBeforeDownloading() {
        TestImages.pushMultiPlatform(api, "team/multi", "m", Format.OCI, 71);
        TestImages.pushImage(
                api,
                "team/foreign",
                "f",
                Format.DOCKER,
                "windows",
                "amd64",
                null,
                List.of(
                        LayerSpec.dockerForeign(TarGz.randomLayer(72, 500), List.of("https://example.invalid/b.tgz")),
                        LayerSpec.ociGzip(73, 2000)),
                TestImages.DEFAULT_CREATED);
        Path out = tmp.resolve("out");

        BlobDownloaderException all =
                assertThrows(BlobDownloaderException.class, () -> pull("team/multi:m", out, "docker-archive", "all"));
        assertTrue(all.isUserError());
        assertTrue(all.getMessage().contains("docker-archive holds one platform"), all.getMessage());
        BlobDownloaderException foreign = assertThrows(
                BlobDownloaderException.class, () -> pull("team/foreign:f", out, "docker-archive", "windows/amd64"));
        assertTrue(foreign.getMessage().contains("foreign layer"), foreign.getMessage());
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void unknownLayoutNamesTheSupportedOnes() {
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> pull("any/thing:1", tmp, "tarball", "linux/amd64"));
        assertEquals(
                "unknown ⟨layout⟩ 'tarball': supported layouts are blobs, oci, docker-archive, files", e.getMessage());
    }

    private PullResult pull(String image, Path out, String layout, String platform) {
        return new ImagePuller(Log.silent())
                .pull(PullRequest.builder(registry.hostPort() + "/" + image, out)
                        .layout(layout)
                        .platform(platform)
                        .build());
    }

    private static List<String> refNames(JsonNode index) {
        List<String> names = new ArrayList<>();
        index.path("manifests")
                .forEach(m ->
                        names.add(m.path("annotations").path(OciLayout.REF_NAME).asText()));
        return names;
    }

    private static Path blob(Path oci, String digest) {
        return oci.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static List<Path> blobFiles(Path oci) throws IOException {
        try (Stream<Path> files = Files.walk(oci.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
