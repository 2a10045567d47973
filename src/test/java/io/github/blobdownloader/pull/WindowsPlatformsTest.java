package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.PulledFiles.assertSeedLayout;
import static io.github.blobdownloader.pull.PulledFiles.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.inspect.ImageInspector;
import io.github.blobdownloader.inspect.InspectionFormat;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.PushedImage;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index with two {@code windows/amd64} entries that differ only in {@code os.version} (as Microsoft's
 * images list Windows Server 2019 and 2022 builds), on the real registry.
 */
class WindowsPlatformsTest {

    private static final String LTSC2019 = "10.0.17763.5820";
    private static final String LTSC2022 = "10.0.20348.2461";

    private static RegistryServer registry;
    private static String image;
    private static PushedImage win2019;
    private static PushedImage win2022;
    private static PushedImage linux;

    @TempDir
    Path out;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void pushIndex() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        // Both builds share a layer, so a pull into one folder would place it twice.
        LayerSpec shared = LayerSpec.of(Format.DOCKER.layerMediaType(), TarGz.randomLayer(90, 2000));
        win2019 = windows(api, LTSC2019, shared, 91);
        win2022 = windows(api, LTSC2022, shared, 92);
        linux = TestImages.pushImage(api, "win/app", null, Format.DOCKER, "linux", "amd64", null, 1, 1500, 93);
        TestImages.pushIndex(api, "win/app", "ltsc", Format.DOCKER, List.of(win2019, win2022, linux));
        image = registry.hostPort() + "/win/app:ltsc";
    }

    private static PushedImage windows(RegistryApi api, String osVersion, LayerSpec shared, long seed) {
        return TestImages.pushImage(
                api,
                "win/app",
                null,
                Format.DOCKER,
                "windows",
                "amd64",
                null,
                osVersion,
                List.of(shared, LayerSpec.of(Format.DOCKER.layerMediaType(), TarGz.randomLayer(seed, 2500))),
                TestImages.DEFAULT_CREATED);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private PullResult pull(String platform) {
        return new ImagePuller(log)
                .pull(PullRequest.builder(image, out)
                        .platform(platform)
                        .retries(1)
                        .build());
    }

    @Test
    void allPlatformsGiveEachOsVersionItsOwnFolder() throws Exception {
        pull("all");

        assertSeedLayout(out.resolve("windows-amd64-" + LTSC2019), win2019, false);
        assertSeedLayout(out.resolve("windows-amd64-" + LTSC2022), win2022, false);
        assertSeedLayout(out.resolve("linux-amd64"), linux, false);
        assertEquals(Set.of("download-report.json"), fileNames(out));
        String report = Files.readString(out.resolve("download-report.json"));
        assertEquals(
                List.of("windows/amd64:" + LTSC2019, "windows/amd64:" + LTSC2022, "linux/amd64"),
                Pattern.compile("\"platform\" : \"([^\"]+)\"")
                        .matcher(report)
                        .results()
                        .map(m -> m.group(1))
                        .toList(),
                report);
        assertTrue(report.contains("\"windows-amd64-" + LTSC2019 + "/config.json\""), report);
        assertTrue(report.contains("\"windows-amd64-" + LTSC2022 + "/config.json\""), report);
    }

    @Test
    void anOsVersionPicksItsEntry() throws Exception {
        pull("windows/amd64:" + LTSC2022);

        assertSeedLayout(out, win2022);
        assertEquals(List.of(), log.linesContaining("WARN"), log.text());
    }

    @Test
    void withoutAnOsVersionTheFirstIsTakenAndTheLogSaysHowToPickAnother() throws Exception {
        pull("windows/amd64");

        assertSeedLayout(out, win2019);
        assertEquals(
                List.of("WARN Image " + image + " has 2 windows/amd64 entries that differ in os.version ("
                        + LTSC2019 + ", " + LTSC2022 + "); taking the first, windows/amd64:" + LTSC2019
                        + ". Set ⟨platform⟩"
                        + " to windows/amd64:" + LTSC2022 + " to pick another"),
                log.linesContaining("WARN"),
                log.text());
    }

    @Test
    void anUnknownOsVersionListsTheBuildsOnOffer() {
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull("windows/amd64:10.0.1"));

        assertEquals(
                "image " + image + " has no windows/amd64:10.0.1 variant; it offers: windows/amd64:" + LTSC2019
                        + ", windows/amd64:" + LTSC2022 + ", linux/amd64. Set ⟨platform⟩ to one of them",
                e.getMessage());
        assertTrue(e.isUserError());
    }

    @Test
    void inspectShowsTheOsVersions() {
        var inspection = new ImageInspector(log)
                .inspect(PullRequest.builder(image, out)
                        .platform("windows/amd64:" + LTSC2022)
                        .retries(1)
                        .build()
                        .query());

        String text = String.join("\n", InspectionFormat.TEXT.render(inspection));
        assertTrue(text.contains("  OS/Arch:  windows/amd64:" + LTSC2022), text);
        assertTrue(InspectionFormat.JSON.render(inspection).get(0).contains("\"osVersion\" : \"" + LTSC2022 + "\""));
        assertTrue(text.contains("  windows/amd64:" + LTSC2019 + " " + win2019.manifestDigest()), text);
        assertTrue(text.contains("  windows/amd64:" + LTSC2022 + " " + win2022.manifestDigest()), text);
        assertTrue(text.contains("windows/amd64:" + LTSC2022 + ": manifest " + win2022.manifestDigest()), text);
    }
}
