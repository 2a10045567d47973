package io.github.blobdownloader.extract;

import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.AccessLog;
import io.github.blobdownloader.testing.LayerSpec;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the extract tests share: a real registry per test class (its access log on), crafted images pushed to
 * it, and extractions with a cache in the test's folder.
 */
abstract class ExtractTestBase {

    static RegistryServer registry;
    static RegistryApi api;
    static AccessLog accessLog;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().configFragment(AccessLog.CONFIG).start();
        api = new RegistryApi(registry.baseUri());
        accessLog = new AccessLog(registry);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** Pushes a linux/amd64 OCI image of {@code layers} as {@code repo:tag}; returns its full reference. */
    static String push(String repo, String tag, List<LayerSpec> layers) {
        TestImages.pushImage(api, repo, tag, Format.OCI, "linux", "amd64", null, layers, TestImages.DEFAULT_CREATED);
        return image(repo + ":" + tag);
    }

    /** {@code host:port/<repoAndTag>} of the test registry. */
    static String image(String repoAndTag) {
        return registry.hostPort() + "/" + repoAndTag;
    }

    /** Extracts everything of {@code image} into {@code out}; returns {@code out}. */
    Path extract(String image, Path out) {
        extract(image, out, null, null);
        return out;
    }

    ExtractResult extract(String image, Path out, String includes, String excludes) {
        return extract(PullRequest.builder(image, out), out, includes, excludes, new RecordingLog());
    }

    ExtractResult extract(PullRequest.Builder pull, Path out, String includes, String excludes, RecordingLog log) {
        return extract(pull, out, includes, excludes, log, true);
    }

    /** {@code guess} off: every content comes from the second read, as the plan has it (no first-pass guess). */
    ExtractResult extract(
            PullRequest.Builder pull, Path out, String includes, String excludes, RecordingLog log, boolean guess) {
        return new ImageExtractor(log, guess)
                .extract(new ExtractRequest(
                        pull.cacheDirectory(tmp.resolve("cache")).build(), out, includes, excludes));
    }
}
