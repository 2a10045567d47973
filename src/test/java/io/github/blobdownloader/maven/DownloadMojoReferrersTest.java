package io.github.blobdownloader.maven;

import static io.github.blobdownloader.maven.MojoFields.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.ArtifactPusher;
import io.github.blobdownloader.testing.ArtifactPusher.Layer;
import io.github.blobdownloader.testing.ArtifactPusher.Pushed;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code referrers} and {@code referrerTypes} as the Mojo hands them to the pull. */
class DownloadMojoReferrersTest {

    private static final String SPDX = "application/spdx+json";
    private static final String CYCLONEDX = "application/vnd.cyclonedx+json";

    private static RegistryServer registry;
    private static Pushed cyclonedx;

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void push() {
        registry = RegistryServer.builder().start();
        RegistryApi api = new RegistryApi(registry.baseUri());
        PushedImage image =
                TestImages.pushImage(api, "mojo/refs", "1.0", Format.OCI, "linux", "amd64", null, 1, 300, 61);
        ArtifactPusher pusher = new ArtifactPusher(api);
        ArtifactPusher.Subject subject = ArtifactPusher.Subject.of(image);
        pusher.attach("mojo/refs", subject, SPDX, List.of(json("sbom.spdx.json")));
        cyclonedx = pusher.attach("mojo/refs", subject, CYCLONEDX, List.of(json("bom.cdx.json")));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static Layer json(String title) {
        return Layer.titled("application/json", title, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private DownloadMojo mojo(Path out) throws Exception {
        DownloadMojo mojo = MojoFields.neverAsking(new DownloadMojo(null, null), out);
        set(mojo, "image", registry.hostPort() + "/mojo/refs:1.0");
        set(mojo, "layout", "blobs");
        set(mojo, "retries", 2);
        set(mojo, "timeout", 10);
        set(mojo, "cacheDirectory", tmp.resolve("cache").toFile());
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return mojo;
    }

    private static List<String> folders(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void referrerTypesKeepsTheTypesItNames() throws Exception {
        DownloadMojo mojo = mojo(tmp.resolve("out"));
        set(mojo, "referrers", true);
        set(mojo, "referrerTypes", " " + CYCLONEDX + " ");
        mojo.execute();
        assertEquals(List.of(cyclonedx.hex()), folders(tmp.resolve("out/referrers")));
        assertEquals(List.of(), warnings);
    }

    @Test
    void referrerTypesWithoutReferrersPullsNoneAndSaysHowToGetThem() throws Exception {
        DownloadMojo mojo = mojo(tmp.resolve("out"));
        set(mojo, "referrerTypes", SPDX);
        mojo.execute();
        assertFalse(Files.exists(tmp.resolve("out/referrers")));
        assertTrue(
                warnings.contains("<referrerTypes> (-Dblob.referrerTypes) is set, but <referrers>false</referrers>"
                        + " (-Dblob.referrers=false): no referrers are pulled; set <referrers>true</referrers>"
                        + " (-Dblob.referrers=true) to pull them"),
                warnings.toString());
    }
}
