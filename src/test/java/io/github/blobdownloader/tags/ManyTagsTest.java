package io.github.blobdownloader.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.ImageResolver;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.testing.AccessLog;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository with many tags and few distinct images, as CI pipelines leave them (one tag per build of the
 * same image), on the real registry, its requests counted in the access log.
 */
class ManyTagsTest {

    private static final String REPO = "many/builds";
    private static final int IMAGES = 10;
    private static final int TAGS_PER_IMAGE = 110;
    private static final int TAGS = IMAGES * TAGS_PER_IMAGE;

    private static RegistryServer registry;
    private static AccessLog accessLog;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pushRepository() {
        registry = RegistryServer.builder().configFragment(AccessLog.CONFIG).start();
        accessLog = new AccessLog(registry);
        RegistryApi api = new RegistryApi(registry.baseUri());
        for (int i = 0; i < IMAGES; i++) {
            // Image i was built on day i + 1 of 2024: the newest is image 9.
            PushedImage image = TestImages.pushImage(
                    api,
                    REPO,
                    null,
                    Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    1,
                    256,
                    300 + i,
                    Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * (i + 1)));
            int built = i;
            IntStream.range(0, TAGS_PER_IMAGE)
                    .parallel()
                    .forEach(j ->
                            api.pushManifest(REPO, "b" + built + "-" + j, image.mediaType(), image.manifestBytes()));
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void newestReadsDigestsWithHeadAndEachDistinctManifestAndConfigOnce() {
        long heads = accessLog.manifestHeads(REPO);
        long gets = accessLog.manifestGets(REPO);
        long blobGets = accessLog.blobGets(REPO);
        RecordingLog log = new RecordingLog();

        TagRanking ranking =
                new TagSelector(client(), log).rank(REPO, TagStrategy.NEWEST, false, Platform.LINUX_AMD64, 4);

        // Ties among the tags of image 9 go to the lexically greatest.
        assertEquals("b9-99", ranking.choose());
        assertEquals(TAGS, accessLog.manifestHeads(REPO) - heads, "one HEAD per tag");
        assertEquals(IMAGES, accessLog.manifestGets(REPO) - gets, "one GET per distinct manifest");
        assertEquals(IMAGES, accessLog.blobGets(REPO) - blobGets, "one GET per distinct config");
        assertTrue(
                log.contains("INFO Inspected " + TAGS + " tag(s) of " + registry.hostPort() + "/" + REPO
                        + " to find the newest: " + TAGS + " HEAD request(s), " + IMAGES + " manifest(s) and " + IMAGES
                        + " distinct config(s) fetched"),
                log.text());
    }

    @Test
    void aMissingTagCountsAllTheOthers() {
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImagePuller(new RecordingLog())
                        .pull(PullRequest.builder(registry.hostPort() + "/" + REPO + ":nope", tmp)
                                .retries(1)
                                .build()));

        assertTrue(e.getMessage().contains("(and " + (TAGS - 10) + " more); set ⟨tag⟩"), e.getMessage());
    }

    private RegistryClient client() {
        PullRequest request = PullRequest.builder(registry.hostPort() + "/" + REPO, tmp)
                .retries(1)
                .build();
        return ImageResolver.client(
                request, ImageResolver.endpoint(request, ImageResolver.reference(request)), new RecordingLog());
    }
}
