package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.extract.DirectoryArchive;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.referrers.ReferrerTypes;
import io.github.blobdownloader.report.DownloadReport;
import io.github.blobdownloader.testing.ArtifactPusher;
import io.github.blobdownloader.testing.LayerTar;
import io.github.blobdownloader.testing.MediaTypes;
import io.github.blobdownloader.testing.OrasArtifact;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TarGz;
import io.github.blobdownloader.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code files} layout against the real registry, with artifacts shaped as {@code oras push} and
 * {@code helm push} shape them: files under their titles, untitled layers skipped, folders unpacked, Helm
 * charts named from their config, filters, hostile titles and entries refused before anything lands.
 */
class FilesLayoutTest {

    private static final String TEXT = "text/plain";
    private static final String JSON_TYPE = "application/vnd.example.settings+json";
    private static final String APP = "application/vnd.example.app";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger REPOS = new AtomicInteger();
    private static final FileTime MTIME = FileTime.from(Instant.parse("2023-06-01T12:00:00Z"));

    private static RegistryServer registry;
    private static RegistryApi api;

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void layersLandUnderTheirTitlesAndUntitledOnesAreSkipped() throws IOException {
        OrasArtifact artifact = OrasArtifact.of(APP)
                .file("settings.json", JSON_TYPE, "{\"retries\":3}\n")
                .file("conf/app.yaml", TEXT, "name: app\n")
                .layer(TEXT, "no title\n".getBytes(StandardCharsets.UTF_8), Map.of());
        String repo = push(artifact, "1");
        // Gone from the registry: a request for it would fail the pull.
        String untitled = artifact.layers().get(2).digest();
        api.deleteBlob(repo, untitled);
        Path out = tmp.resolve("out");

        PullResult result = pull(repo + ":1", out, b -> b);

        assertEquals("{\"retries\":3}\n", Files.readString(out.resolve("settings.json")));
        assertEquals("name: app\n", Files.readString(out.resolve("conf/app.yaml")));
        assertEquals(
                new TreeSet<>(List.of("conf", "conf/app.yaml", "download-report.json", "settings.json")),
                tree(out),
                "only the titled files and the report: no manifest, no config, no working file");
        assertEquals(
                List.of("INFO Skipping layer " + untitled + " (text/plain) of " + registry.hostPort() + "/" + repo
                        + ":1: without an org.opencontainers.image.title annotation there is no file name;"
                        + " ⟨layout=blobs⟩ keeps every layer"),
                log.linesContaining("Skipping"));
        assertEquals(2, result.blobsDownloaded(), "the two titled layers; not the empty config");

        JsonNode blobs = JSON.readTree(out.resolve(DownloadReport.FILE_NAME).toFile())
                .path("images")
                .path(0)
                .path("blobs");
        assertEquals(
                APP,
                JSON.readTree(out.resolve(DownloadReport.FILE_NAME).toFile())
                        .path("images")
                        .path(0)
                        .path("artifactType")
                        .asText());
        assertEquals("config, not written", blobs.path(0).path("kind").asText());
        assertTrue(blobs.path(0).path("file").isNull());
        assertEquals("settings.json", blobs.path(1).path("file").asText());
        assertEquals(
                artifact.layers().get(0).digest(), blobs.path(1).path("digest").asText());
        assertEquals("settings.json", blobs.path(1).path("title").asText());
        assertEquals("conf/app.yaml", blobs.path(2).path("file").asText());
        assertEquals("layer, not downloaded", blobs.path(3).path("kind").asText());
        assertTrue(blobs.path(3).path("file").isNull());

        PullResult again = pull(repo + ":1", out, b -> b);
        assertEquals(0, again.blobsDownloaded());
        assertEquals(2, again.blobsReused(), "re-hashed in place");
    }

    @Test
    void anEditedFileIsReplaced() throws IOException {
        String repo = push(OrasArtifact.of(APP).file("a.txt", TEXT, "original\n"), "1");
        Path out = tmp.resolve("out");
        pull(repo + ":1", out, b -> b);
        Files.writeString(out.resolve("a.txt"), "edited!!\n"); // same size: only the hash tells

        pull(repo + ":1", out, b -> b);

        assertEquals("original\n", Files.readString(out.resolve("a.txt")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "/abs",
                "a/../../x",
                "a//b",
                "./a",
                "C:x",
                "a\\b",
                "download-report.json",
                ".blob-downloader-x",
                "sub/.f.partial",
                "",
                "tab\there",
                // 259 bytes, more than file systems take for a name: refused here, not half-way through the files.
                "conf/ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé.json"
            })
    void hostileTitlesAreRefusedBeforeAnyDownload(String title) {
        OrasArtifact artifact =
                OrasArtifact.of(APP).file("fine.txt", TEXT, "fine\n").file(title, TEXT, "hostile\n");
        String repo = push(artifact, "1");
        Path out = tmp.resolve("out");

        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull(repo + ":1", out, b -> b));

        assertTrue(e.isUserError());
        assertTrue(
                e.getMessage()
                        .startsWith("image " + registry.hostPort() + "/" + repo + ":1: layer "
                                + artifact.layers().get(1).digest() + " has the title '"
                                + UntrustedText.printable(title)
                                + "', refused in ⟨layout=files⟩ because "),
                e.getMessage());
        assertTrue(e.getMessage()
                .endsWith("; nothing was downloaded. Fix the artifact's titles, or use"
                        + " ⟨layout=blobs⟩, which names layers by digest"));
        assertFalse(Files.exists(out), "nothing was written, not even the first file");
    }

    @Test
    void duplicateAndNestedTitlesAreRefused() {
        OrasArtifact twice = OrasArtifact.of(APP).file("a.txt", TEXT, "one\n").file("a.txt", TEXT, "two\n");
        String repo = push(twice, "1");
        Path out = tmp.resolve("out");

        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull(repo + ":1", out, b -> b));
        assertTrue(
                e.getMessage()
                        .contains("layer " + twice.layers().get(1).digest() + " has the title 'a.txt', refused in"
                                + " ⟨layout=files⟩ because layer "
                                + twice.layers().get(0).digest()
                                + " has the same title"),
                e.getMessage());

        // Case matters, as on Linux: these are two files.
        String cases = push(OrasArtifact.of(APP).file("A.txt", TEXT, "upper\n").file("a.txt", TEXT, "lower\n"), "1");
        pull(cases + ":1", out, b -> b);
        assertEquals("upper\n", readString(out.resolve("A.txt")));
        assertEquals("lower\n", readString(out.resolve("a.txt")));

        OrasArtifact nested = OrasArtifact.of(APP).file("conf", TEXT, "file\n").file("conf/app.json", TEXT, "{}");
        String nestedRepo = push(nested, "1");
        Path other = tmp.resolve("other");
        BlobDownloaderException n =
                assertThrows(BlobDownloaderException.class, () -> pull(nestedRepo + ":1", other, b -> b));
        assertTrue(n.getMessage().contains("it collides with the title 'conf' of layer"), n.getMessage());
        assertFalse(Files.exists(other));
    }

    @Test
    void aFolderPackedByOrasIsUnpackedUnderItsTitle() throws IOException {
        byte[] tar = tar(t -> t.dir("site/", 0755)
                .file("site/index.html", "<h1>hi</h1>\n", 0644)
                .file("site/bin/run.sh", "#!/bin/sh\n", 0755)
                .symlink("site/home.html", "index.html")
                .symlink("site/bin/index.html", "../index.html"));
        String repo = push(OrasArtifact.of(APP).folder("site", tar).file("readme.txt", TEXT, "read me\n"), "1");
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("site"));
        Files.writeString(out.resolve("site/stale.html"), "from before");

        pull(repo + ":1", out, b -> b);

        assertEquals("<h1>hi</h1>\n", Files.readString(out.resolve("site/index.html")));
        assertEquals("<h1>hi</h1>\n", Files.readString(out.resolve("site/home.html")));
        assertEquals("<h1>hi</h1>\n", Files.readString(out.resolve("site/bin/index.html")));
        assertTrue(Files.isSymbolicLink(out.resolve("site/home.html")));
        assertTrue(Files.getPosixFilePermissions(out.resolve("site/bin/run.sh"))
                .contains(PosixFilePermission.OWNER_EXECUTE));
        assertEquals(MTIME, Files.getLastModifiedTime(out.resolve("site/index.html")), "mtimes kept, for jars");
        assertEquals(
                new TreeSet<>(List.of(
                        "download-report.json",
                        "readme.txt",
                        "site",
                        "site/bin",
                        "site/bin/index.html",
                        "site/bin/run.sh",
                        "site/home.html",
                        "site/index.html")),
                tree(out),
                "the folder replaced whole; no working file left");
        JsonNode blobs = JSON.readTree(out.resolve(DownloadReport.FILE_NAME).toFile())
                .path("images")
                .path(0)
                .path("blobs");
        assertEquals("site", blobs.path(1).path("file").asText());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "escape",
                "outside",
                "absolute",
                "symlinkOut",
                "symlinkThroughLink",
                "hardLinkOut",
                "hardLinkToSymlink",
                "fifo"
            })
    void aHostileEntryInAFolderIsRefused(String kind) {
        byte[] tar = tar(t -> {
            t.dir("site/", 0755).file("site/ok.txt", "ok\n", 0644);
            return switch (kind) {
                case "escape" -> t.file("site/../evil.txt", "evil\n", 0644);
                case "outside" -> t.file("other/evil.txt", "evil\n", 0644);
                case "absolute" -> t.file("/tmp/evil.txt", "evil\n", 0644);
                case "symlinkOut" -> t.symlink("site/l", "../../etc/passwd");
                case "symlinkThroughLink" ->
                    t.dir("site/a/b/", 0755).symlink("site/a/b/up", "../..").symlink("site/l", "a/b/up/..");
                case "hardLinkOut" -> t.hardLink("site/h", "etc/passwd");
                // Linux links the symlink itself: its target, fine from a/b, leads out from the link's folder.
                case "hardLinkToSymlink" ->
                    t.dir("site/a/b/", 0755)
                            .symlink("site/a/b/up", "../../ok.txt")
                            .hardLink("site/h", "site/a/b/up");
                default -> t.fifo("site/pipe");
            };
        });
        OrasArtifact artifact = OrasArtifact.of(APP).folder("site", tar);
        String repo = push(artifact, "1");
        Path out = tmp.resolve("out");

        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull(repo + ":1", out, b -> b));

        assertTrue(
                e.getMessage()
                        .startsWith("layer " + artifact.layers().get(0).digest() + " (folder 'site') of "
                                + registry.hostPort() + "/" + repo + ":1 has the entry '"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was unpacked"), e.getMessage());
        assertEquals(new TreeSet<>(), tree(out), "no folder, no half tree, no working file: " + tree(out));
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }

    @Test
    void aTitleBelowASymlinkInTheOutputFolderIsRefused() throws IOException {
        String repo = push(
                OrasArtifact.of(APP)
                        .file("linked/evil.txt", TEXT, "evil\n")
                        .folder(
                                "linked/site",
                                tar(t -> t.dir("linked/site/", 0755).file("linked/site/a.txt", "a\n", 0644))),
                "1");
        Path out = tmp.resolve("out");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(out);
        // Left by the user or an earlier run: writing the titles through it would land outside the output folder.
        Files.createSymbolicLink(out.resolve("linked"), elsewhere);

        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull(repo + ":1", out, b -> b));

        assertTrue(e.isUserError());
        assertTrue(
                e.getMessage()
                        .contains("has the title 'linked/evil.txt', refused in ⟨layout=files⟩ because 'linked' in"
                                + " the output folder is a symlink (to " + elsewhere + "), which the file would be"
                                + " written through (remove the symlink); nothing was downloaded"),
                e.getMessage());
        assertEquals(new TreeSet<>(), tree(elsewhere), "nothing written through the symlink");
    }

    @Test
    void aFolderWhoseTarDoesNotMatchItsDigestIsRefused() {
        byte[] tar = tar(t -> t.dir("site/", 0755).file("site/a.txt", "a\n", 0644));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(OrasArtifact.TITLE, "site");
        annotations.put(OrasArtifact.UNPACK, "true");
        annotations.put(OrasArtifact.TAR_DIGEST, "sha256:" + "0".repeat(64));
        String repo = push(
                OrasArtifact.of(APP).layer("application/vnd.oci.image.layer.v1.tar+gzip", TarGz.gzip(tar), annotations),
                "1");
        Path out = tmp.resolve("out");

        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull(repo + ":1", out, b -> b));

        assertTrue(e.getMessage().contains("io.deis.oras.content.digest says sha256:000"), e.getMessage());
        assertEquals(new TreeSet<>(), tree(out));
    }

    @Test
    void aHelmChartIsNamedFromItsConfig() throws IOException {
        byte[] chart = TarGz.tarGz(Map.of("mychart/Chart.yaml", "name: mychart\n".getBytes(StandardCharsets.UTF_8)));
        OrasArtifact helm = OrasArtifact.of(null)
                .config(
                        FilesLayout.HELM_CONFIG,
                        "{\"name\":\"mychart\",\"version\":\"1.2.3+build.4\",\"apiVersion\":\"v2\"}"
                                .getBytes(StandardCharsets.UTF_8))
                .layer(FilesLayout.HELM_CHART, chart, Map.of())
                .layer(
                        FilesLayout.HELM_PROVENANCE,
                        "-----BEGIN PGP SIGNED MESSAGE-----\n".getBytes(StandardCharsets.UTF_8),
                        Map.of());
        String repo = push(helm, "1.2.3");
        Path out = tmp.resolve("out");

        pull(repo + ":1.2.3", out, b -> b);

        assertArrayEquals(chart, Files.readAllBytes(out.resolve("mychart-1.2.3+build.4.tgz")));
        assertEquals(
                "-----BEGIN PGP SIGNED MESSAGE-----\n",
                Files.readString(out.resolve("mychart-1.2.3+build.4.tgz.prov")));
        assertEquals(
                new TreeSet<>(
                        List.of("download-report.json", "mychart-1.2.3+build.4.tgz", "mychart-1.2.3+build.4.tgz.prov")),
                tree(out));
        JsonNode blobs = JSON.readTree(out.resolve(DownloadReport.FILE_NAME).toFile())
                .path("images")
                .path(0)
                .path("blobs");
        assertEquals("mychart-1.2.3+build.4.tgz", blobs.path(1).path("file").asText());

        OrasArtifact hostile = OrasArtifact.of(null)
                .config(
                        FilesLayout.HELM_CONFIG,
                        "{\"name\":\"../x\",\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8))
                .layer(FilesLayout.HELM_CHART, chart, Map.of());
        String hostileRepo = push(hostile, "1");
        Path other = tmp.resolve("other");
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> pull(hostileRepo + ":1", other, b -> b));
        assertTrue(e.getMessage().contains("is a Helm chart whose config names it '../x'"), e.getMessage());
        assertEquals(new TreeSet<>(), tree(other), "no chart under any name, no working file");
    }

    @Test
    void mediaTypesChooseLayersInFilesAndBlobs() throws IOException {
        OrasArtifact artifact = OrasArtifact.of(APP)
                .file("a.json", "application/vnd.example.a+json", "{}")
                .file("b.txt", TEXT, "b\n")
                .file("c.json", "application/vnd.example.c+json", "[]");
        String repo = push(artifact, "1");
        api.deleteBlob(repo, artifact.layers().get(1).digest()); // never requested
        Path files = tmp.resolve("files");

        pull(repo + ":1", files, b -> b.mediaTypes("application/vnd.example.*"));

        assertEquals(new TreeSet<>(List.of("a.json", "c.json", "download-report.json")), tree(files));
        assertTrue(log.contains("Skipping layer " + artifact.layers().get(1).digest() + " (text/plain) of "
                + registry.hostPort() + "/" + repo + ":1: the media type is not in ⟨mediaTypes⟩"
                + " (application/vnd.example.*)"));

        Path blobs = tmp.resolve("blobs");
        pull(repo + ":1", blobs, b -> b.layout("blobs").mediaTypes("application/vnd.example.c+json"));
        assertEquals(
                new TreeSet<>(List.of(
                        "config.json",
                        "download-report.json",
                        "manifest.json",
                        artifact.layers().get(2).digest().substring(7) + ".blob")),
                tree(blobs));

        for (String layout : List.of("oci", "docker-archive")) {
            BlobDownloaderException e = assertThrows(
                    BlobDownloaderException.class,
                    () -> pull(
                            repo + ":1",
                            tmp.resolve(layout),
                            b -> b.layout(layout).mediaTypes(TEXT)));
            assertEquals(
                    "⟨mediaTypes⟩ (text/plain) leaves layers out, but ⟨layout=" + layout + "⟩ must hold every layer of "
                            + registry.hostPort() + "/" + repo + ":1: drop ⟨mediaTypes⟩, or use ⟨layout=files⟩ or"
                            + " ⟨layout=blobs⟩",
                    e.getMessage());
            assertFalse(Files.exists(tmp.resolve(layout)));
        }
    }

    @Test
    void artifactTypeMustMatchAndChoosesTheIndexEntry() throws IOException {
        String repo = "files/index-" + REPOS.incrementAndGet();
        ArtifactPusher.Pushed sbom = OrasArtifact.of("application/spdx+json")
                .file("sbom.spdx.json", "application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}")
                .push(api, repo, "sbom");
        ArtifactPusher.Pushed policy = OrasArtifact.of("application/vnd.example.policy")
                .file("policy.rego", "application/vnd.example.rego", "package main\n")
                .push(api, repo, "policy");
        api.pushManifest(repo, "all", MediaTypes.OCI_INDEX, OrasArtifact.index(List.of(sbom, policy)));
        Path out = tmp.resolve("out");

        pull(repo + ":all", out, b -> b.artifactType("application/vnd.example.*"));
        assertEquals(new TreeSet<>(List.of("download-report.json", "policy.rego")), tree(out));

        BlobDownloaderException unchosen =
                assertThrows(BlobDownloaderException.class, () -> pull(repo + ":all", tmp.resolve("unchosen"), b -> b));
        assertEquals(
                "image " + registry.hostPort() + "/" + repo + ":all is an index of artifacts, not of platforms"
                        + " (artifactTypes: application/spdx+json, application/vnd.example.policy); set"
                        + " ⟨artifactType⟩ to the one to pull",
                unchosen.getMessage());

        BlobDownloaderException none = assertThrows(
                BlobDownloaderException.class,
                () -> pull(repo + ":all", tmp.resolve("none"), b -> b.artifactType("application/vnd.cncf.helm.*")));
        assertEquals(
                "image " + registry.hostPort() + "/" + repo + ":all is an index with no entry of ⟨artifactType⟩"
                        + " application/vnd.cncf.helm.*; its entries' artifactTypes are: application/spdx+json,"
                        + " application/vnd.example.policy. Set ⟨artifactType⟩ to one of them",
                none.getMessage());

        BlobDownloaderException wrong = assertThrows(
                BlobDownloaderException.class,
                () -> pull(
                        repo + ":sbom", tmp.resolve("wrong"), b -> b.artifactType("application/vnd.example.policy")));
        assertEquals(
                "image " + registry.hostPort() + "/" + repo + ":sbom is an artifact of type application/spdx+json,"
                        + " not ⟨artifactType⟩ application/vnd.example.policy; set ⟨artifactType⟩ to its type, or"
                        + " pull another reference",
                wrong.getMessage());
        assertFalse(Files.exists(tmp.resolve("wrong")));
    }

    @Test
    void theEmptyConfigWorksInEveryLayout() throws IOException {
        OrasArtifact artifact = OrasArtifact.of(APP).file("data.bin", "application/octet-stream", "\u0001\u0002");
        String repo = push(artifact, "1");
        String empty = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

        Path blobs = tmp.resolve("blobs");
        pull(repo + ":1", blobs, b -> b.layout("blobs"));
        assertEquals("{}", Files.readString(blobs.resolve("config.json")));

        Path oci = tmp.resolve("oci");
        pull(repo + ":1", oci, b -> b.layout("oci"));
        assertEquals("{}", Files.readString(oci.resolve("blobs/sha256/" + empty.substring(7))));
        JsonNode index = JSON.readTree(oci.resolve("index.json").toFile());
        String manifest = index.path("manifests").path(0).path("digest").asText();
        assertTrue(Files.readString(oci.resolve("blobs/sha256/" + manifest.substring(7)))
                .contains(empty));

        Path files = tmp.resolve("files");
        pull(repo + ":1", files, b -> b);
        assertEquals(new TreeSet<>(List.of("data.bin", "download-report.json")), tree(files));
    }

    @Test
    void dockerArchiveRefusesAnArtifactUpFront() {
        String repo = push(OrasArtifact.of(APP).file("a.txt", TEXT, "a\n"), "1");
        Path out = tmp.resolve("out");

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class, () -> pull(repo + ":1", out, b -> b.layout("docker-archive")));

        assertTrue(e.isUserError());
        assertEquals(
                "image " + registry.hostPort() + "/" + repo + ":1 is an OCI artifact (artifactType " + APP
                        + "), not a container image (config application/vnd.oci.empty.v1+json, layer text/plain),"
                        + " and docker load, podman and skopeo cannot read it from a docker-archive; use"
                        + " ⟨layout=files⟩ for its files, or ⟨layout=oci⟩ to keep it whole",
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void anImageInTheFilesLayoutSaysWhyNothingCame() {
        String repo = "files/image-" + REPOS.incrementAndGet();
        PushedImage image =
                TestImages.pushImage(api, repo, "1", TestImages.Format.OCI, "linux", "amd64", null, 3, 500, 7);
        Path out = tmp.resolve("out");

        pull(repo + ":1", out, b -> b);

        assertEquals(new TreeSet<>(List.of("download-report.json")), tree(out));
        assertEquals(
                List.of("INFO Skipping 3 layers: "
                        + image.layers().stream()
                                .map(l -> l.digest() + " (" + l.mediaType() + ")")
                                .collect(Collectors.joining(", "))
                        + " of " + registry.hostPort() + "/" + repo + ":1: without an org.opencontainers.image.title"
                        + " annotation there is no file name; ⟨layout=blobs⟩ keeps every layer"),
                log.linesContaining("Skipping"),
                "one line for them all");
    }

    @Test
    void referrersGoUnderReferrersWithTheirTitles() throws IOException {
        String repo = "files/refs-" + REPOS.incrementAndGet();
        PushedImage image =
                TestImages.pushImage(api, repo, "1", TestImages.Format.OCI, "linux", "amd64", null, 1, 500, 8);
        ArtifactPusher pusher = new ArtifactPusher(api);
        ArtifactPusher.Pushed sbom = pusher.attach(
                repo,
                ArtifactPusher.Subject.of(image),
                "application/spdx+json",
                List.of(ArtifactPusher.Layer.titled(
                        "application/spdx+json",
                        "sbom.spdx.json",
                        "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8))));
        Path out = tmp.resolve("out");

        pull(repo + ":1", out, b -> b.referrers(ReferrerTypes.ALL));

        Path sbomFile = out.resolve("referrers/" + sbom.hex() + "/sbom.spdx.json");
        assertEquals("{\"spdxVersion\":\"SPDX-2.3\"}", Files.readString(sbomFile));
        assertEquals(
                new TreeSet<>(List.of(
                        "download-report.json",
                        "referrers",
                        "referrers/" + sbom.hex(),
                        "referrers/" + sbom.hex() + "/sbom.spdx.json")),
                tree(out),
                "the image's untitled layer skipped, the referrer's titled file kept");

        Path linked = tmp.resolve("linked");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(linked);
        Files.createSymbolicLink(linked.resolve("referrers"), elsewhere);
        BlobDownloaderException through = assertThrows(
                BlobDownloaderException.class, () -> pull(repo + ":1", linked, b -> b.referrers(ReferrerTypes.ALL)));
        assertTrue(
                through.getMessage()
                        .contains(" is refused in ⟨layout=files⟩ because 'referrers' in the output folder is a symlink"
                                + " (to " + elsewhere + "), which its files would be written through (remove the"
                                + " symlink); nothing was downloaded"),
                through.getMessage());
        assertEquals(new TreeSet<>(), tree(elsewhere), "nothing written through the symlink");

        String clash = "files/clash-" + REPOS.incrementAndGet();
        ArtifactPusher.Pushed clashing =
                OrasArtifact.of(APP).file("referrers/x.txt", TEXT, "x\n").push(api, clash, "1");
        pusher.attach(
                clash,
                new ArtifactPusher.Subject(MediaTypes.OCI_MANIFEST, clashing.digest(), clashing.size()),
                "application/spdx+json",
                List.of(ArtifactPusher.Layer.titled(
                        "application/spdx+json", "s.json", "{}".getBytes(StandardCharsets.UTF_8))));
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> pull(clash + ":1", tmp.resolve("clash"), b -> b.referrers(ReferrerTypes.ALL)));
        assertTrue(
                e.getMessage().contains("has the title 'referrers/x.txt', where ⟨referrers⟩ puts the referrers"),
                e.getMessage());
    }

    // --- helpers

    private PullResult pull(String reference, Path out, UnaryOperator<PullRequest.Builder> more) {
        PullRequest.Builder builder =
                PullRequest.builder(registry.hostPort() + "/" + reference, out).layout("files");
        return new ImagePuller(log, DirectoryArchive::unpack)
                .pull(more.apply(builder).build());
    }

    private static String push(OrasArtifact artifact, String tag) {
        String repo = "files/a" + REPOS.incrementAndGet();
        artifact.push(api, repo, tag);
        return repo;
    }

    /** Every path below {@code dir}, hidden ones too, relative and sorted; empty when there is no {@code dir}. */
    private static TreeSet<String> tree(Path dir) {
        TreeSet<String> paths = new TreeSet<>();
        if (!Files.exists(dir)) {
            return paths;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir))
                    .forEach(p -> paths.add(dir.relativize(p).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] tar(UnaryOperator<LayerTar> entries) {
        return entries.apply(new LayerTar()).tar();
    }
}
