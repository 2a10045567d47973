package io.github.blobdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.LayerTar;
import io.github.blobdownloader.testing.RunnableImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Images other tools made: one buildah built, checked against umoci, and skopeo's real zstd recompression. */
class ExtractRealImagesTest extends ExtractTestBase {

    private Map<String, String> snapshot(String repoAndTag, String folder) {
        return TreeSnapshot.of(extract(image(repoAndTag), tmp.resolve(folder)));
    }

    @Test
    void aBuildahImageMatchesUmoci() throws IOException {
        ExternalTool buildah = ExternalTool.containersTool("buildah", tmp.resolve("buildah"));
        RunnableImages.buildWithBuildah(buildah, registry.hostPort(), "real/buildah:v1", "docker", "hello");
        Map<String, String> ours = snapshot("real/buildah:v1", "rootfs");

        Path oci = tmp.resolve("oci");
        ExternalTool.skopeo()
                .run(
                        "copy",
                        "--src-tls-verify=false",
                        "docker://" + registry.hostPort() + "/real/buildah:v1",
                        "oci:" + oci + ":v1");
        Path bundle = tmp.resolve("bundle");
        ExternalTool.umoci().run("unpack", "--rootless", "--image", oci + ":v1", bundle.toString());
        assertEquals(TreeSnapshot.of(bundle.resolve("rootfs")), ours);
        assertEquals("hello\n", Files.readString(tmp.resolve("rootfs/line")));
    }

    @Test
    void skopeosZstdRecompressionGivesTheSameTreeAsGzip() {
        push(
                "real/crafted",
                "gzip",
                List.of(
                        LayerTar.gzip(ExtractChangesetTest.lower()),
                        LayerTar.gzip(ExtractChangesetTest.middle()),
                        LayerTar.gzip(ExtractChangesetTest.upper())));
        RunnableImages.copyAsZstd(
                ExternalTool.skopeo(), tmp, registry.hostPort(), "real/crafted:gzip", "real/crafted:zstd");
        String manifest = ExternalTool.skopeo()
                .run(
                        "inspect",
                        "--raw",
                        "--tls-verify=false",
                        "docker://" + registry.hostPort() + "/real/crafted:zstd");
        assertEquals(3, manifest.split("tar\\+zstd", -1).length - 1, manifest);
        assertEquals(snapshot("real/crafted:gzip", "gzip"), snapshot("real/crafted:zstd", "zstd"));
    }
}
