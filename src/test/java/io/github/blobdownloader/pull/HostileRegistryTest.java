package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.FaultScenario.files;
import static io.github.blobdownloader.pull.FaultScenario.finalFiles;
import static io.github.blobdownloader.pull.FaultScenario.layerPath;
import static io.github.blobdownloader.pull.FaultScenario.pullFails;
import static io.github.blobdownloader.pull.FaultScenario.request;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.corruptByte;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.header;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.replaceBody;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.resizeBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.Digests;
import io.github.blobdownloader.testing.MediaTypes;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each bad answer ends in one clear line, and nothing is written under a final name. */
class HostileRegistryTest extends ProxiedRegistryTest {

    private static final String TRAVERSAL = "sha256:../../x";

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "faults/hostile" + n, "v1", Format.OCI, "linux", "amd64", null, 1, 200_000, 500 + n);
    }

    @Test
    void oversizedManifestWithContentLengthIsRefused() throws Exception {
        proxy.on("/manifests/", replaceBody(oversized(), MediaTypes.OCI_MANIFEST, true), -1);

        assertRefused("is larger than 4 MiB");
    }

    @Test
    void oversizedManifestWithoutContentLengthIsRefused() throws Exception {
        proxy.on("/manifests/", replaceBody(oversized(), MediaTypes.OCI_MANIFEST, false), -1);

        assertRefused("is larger than 4 MiB");
    }

    @Test
    void wrongDockerContentDigestIsRefused() throws Exception {
        proxy.on(
                "/manifests/",
                header("Docker-Content-Digest", Digests.sha256("other".getBytes(StandardCharsets.UTF_8))),
                -1);

        assertRefused("does not match its Docker-Content-Digest header");
    }

    @Test
    void manifestFetchedByDigestMustHashToIt() throws Exception {
        byte[] other = image.manifestBytes().clone();
        other[other.length - 2] = ' ';
        proxy.on("/manifests/", replaceBody(other, MediaTypes.OCI_MANIFEST, true), -1);

        BlobDownloaderException e = pullFails(
                PullRequest.builder(proxy.hostPort() + "/" + image.repository() + "@" + image.manifestDigest(), out),
                log);

        assertTrue(
                e.getMessage().contains("does not match its digest: expected " + image.manifestDigest()),
                e.getMessage());
        assertEquals(List.of(), files(out));
    }

    @Test
    void traversalDigestInADescriptorIsRefusedBeforeAnyRequestUsesIt() throws Exception {
        String hostile = new String(image.manifestBytes(), StandardCharsets.UTF_8)
                .replace(image.layers().get(0).digest(), TRAVERSAL);
        proxy.on(
                "/manifests/",
                replaceBody(hostile.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, true),
                -1);

        assertRefused("invalid digest: malformed digest 'sha256:../../x'");
        assertTrue(
                proxy.requests().stream()
                        .noneMatch(r -> r.target().contains("..") || r.target().contains("/blobs/")),
                "no request used the digest: " + proxy.requests());
    }

    @Test
    void traversalDigestInTheReferenceIsRefusedBeforeAnyRequest() throws Exception {
        BlobDownloaderException e =
                pullFails(PullRequest.builder(proxy.hostPort() + "/" + image.repository() + "@" + TRAVERSAL, out), log);

        assertTrue(e.getMessage().contains("malformed digest 'sha256:../../x'"), e.getMessage());
        assertTrue(e.isUserError());
        assertEquals(List.of(), proxy.requests());
        assertEquals(List.of(), files(out));
    }

    @Test
    void blobLongerThanItsDescriptorIsRefused() throws Exception {
        proxy.on(layerPath(image, 0), resizeBody(100), -1);

        assertRefused("is longer than the " + image.layers().get(0).size() + " bytes its descriptor declares");
    }

    @Test
    void blobShorterThanItsDescriptorIsRefused() throws Exception {
        proxy.on(layerPath(image, 0), resizeBody(-100), -1);

        assertRefused("ended after " + (image.layers().get(0).size() - 100) + " bytes");
    }

    @Test
    void corruptBlobIsRefusedWithBothDigests() throws Exception {
        proxy.on(layerPath(image, 0), corruptByte(), -1);

        assertRefused("digest mismatch for blob " + image.layers().get(0).digest());
        assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("WARN")), "not retried: " + log);
    }

    @Test
    void mediaTypeContradictingContentTypeIsRefused() throws Exception {
        proxy.on("/manifests/", header("Content-Type", MediaTypes.DOCKER_MANIFEST), -1);

        assertRefused("says mediaType '" + MediaTypes.OCI_MANIFEST + "' but was served as '"
                + MediaTypes.DOCKER_MANIFEST + "'");
    }

    @Test
    void aTagListPageOver4MiBIsRefusedNotCut() {
        StringBuilder page = new StringBuilder("{\"name\":\"x\",\"tags\":[\"1.0.0\"");
        while (page.length() <= 4 * 1024 * 1024) {
            page.append(",\"build-").append(page.length()).append('"');
        }
        proxy.on(
                "/tags/list",
                replaceBody(page.append("]}").toString().getBytes(StandardCharsets.UTF_8), "application/json", true),
                -1);

        BlobDownloaderException e = pullFails(semver(), log);

        assertEquals(
                "registry " + proxy.hostPort() + " sent a tag list page for " + image.repository()
                        + " larger than 4 MiB; refusing it; set ⟨tag⟩ or a digest in ⟨image⟩, so that no tag"
                        + " listing is needed",
                e.getMessage());
        assertFalse(e.isUserError());
    }

    @Test
    void aTagListThatIsNotJsonIsNamedWithoutTheParsersText() {
        proxy.on(
                "/tags/list",
                replaceBody("{\"tags\":[\"1.0\",".getBytes(StandardCharsets.UTF_8), "application/json", true),
                -1);

        BlobDownloaderException e = pullFails(semver(), log);

        assertEquals(
                "registry " + proxy.hostPort() + " sent a tag list for " + image.repository()
                        + " that is not valid JSON; set ⟨tag⟩ or a digest in ⟨image⟩, so that no tag listing is"
                        + " needed",
                e.getMessage());
        assertTrue(e.getCause() != null, "the parser's error stays as the cause");
    }

    private PullRequest.Builder semver() {
        return PullRequest.builder(proxy.hostPort() + "/" + image.repository(), out)
                .tagStrategy("semver")
                .retries(1);
    }

    /** The pull fails with one line containing {@code reason}, and no final file and no partial is left. */
    private void assertRefused(String reason) throws Exception {
        BlobDownloaderException e = pullFails(request(proxy, image, out), log);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.isUserError(), "the registry's fault, not the user's");
        // config.json may be there: it is a separate blob, verified on its own.
        assertTrue(
                finalFiles(out).stream().noneMatch(f -> f.endsWith(".tar.gz") || f.equals("manifest.json")),
                "no layer or manifest under a final name: " + files(out));
        assertTrue(
                files(out).stream().noneMatch(f -> f.endsWith(".partial") || f.endsWith(".tar.gz")),
                "no partial of refused content: " + files(out));
    }

    private static byte[] oversized() {
        byte[] body = new byte[4 * 1024 * 1024 + 10];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }
}
