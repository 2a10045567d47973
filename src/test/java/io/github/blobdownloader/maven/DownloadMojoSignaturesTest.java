package io.github.blobdownloader.maven;

import static io.github.blobdownloader.maven.MojoFields.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.CosignSigner;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.testing.TestKeys;
import io.github.blobdownloader.testing.TestKeys.TestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publicKeys} on the execution and per {@code <image>}, as the Mojo hands them to the pull. */
class DownloadMojoSignaturesTest {

    @TempDir
    Path tmp;

    @Test
    void aKeyFileThatCannotBeReadFailsBeforeAnyRequestNamingTheParameter() throws Exception {
        DownloadMojo mojo = MojoFields.neverAsking(new DownloadMojo(null, null), tmp.resolve("out"));
        Path missing = tmp.resolve("keys/cosign.pub");
        set(mojo, "publicKeys", missing.toString());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals(
                "cannot read public key file " + missing + " (<publicKeys> (-Dblob.publicKeys)): no such file;"
                        + " check the path (relative paths start at the project's folder)",
                e.getMessage());
    }

    @Test
    void anImageOfImagesMayRequireItsOwnKeyAndTheExecutionsKeyCoversTheOthers() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().start()) {
            RegistryApi api = new RegistryApi(registry.baseUri());
            TestKey key = TestKeys.opensslP256(tmp, "team");
            PushedImage signed =
                    TestImages.pushImage(api, "team/signed", "1.0", Format.OCI, "linux", "amd64", null, 1, 300, 1);
            CosignSigner.pushSimpleSigning(
                    api,
                    "team/signed",
                    signed.manifestDigest(),
                    List.of(CosignSigner.sign(
                            key, CosignSigner.payload(registry.hostPort() + "/team/signed", signed.manifestDigest()))));
            TestImages.pushImage(api, "team/unsigned", "1.0", Format.OCI, "linux", "amd64", null, 1, 300, 2);

            Image withKey = image("signed", registry.hostPort() + "/team/signed:1.0");
            withKey.publicKeys = key.publicKey().toString();
            DownloadMojo perImage = mojo(
                    tmp.resolve("per-image"), withKey, image("unsigned", registry.hostPort() + "/team/unsigned:1.0"));
            perImage.execute();
            assertTrue(Files.readString(tmp.resolve("per-image/signed/download-report.json"))
                    .contains("cosign-simple-signing"));
            assertFalse(Files.readString(tmp.resolve("per-image/unsigned/download-report.json"))
                    .contains("signatures"));

            DownloadMojo everyImage =
                    mojo(tmp.resolve("every-image"), image("unsigned", registry.hostPort() + "/team/unsigned:1.0"));
            set(everyImage, "publicKeys", key.publicKey().toString());
            MojoFailureException e = assertThrows(MojoFailureException.class, everyImage::execute);
            assertTrue(e.getMessage().contains("/team/unsigned:1.0 (sha256:"), e.getMessage());
            assertTrue(e.getMessage().contains("has no signature"), e.getMessage());
            assertTrue(e.getMessage().contains("<publicKeys> (-Dblob.publicKeys)"), e.getMessage());
        }
    }

    private static Image image(String id, String name) {
        Image image = new Image();
        image.id = id;
        image.name = name;
        return image;
    }

    private DownloadMojo mojo(Path out, Image... images) throws Exception {
        DownloadMojo mojo = MojoFields.neverAsking(new DownloadMojo(null, null), out);
        set(mojo, "image", null);
        set(mojo, "images", List.of(images));
        set(mojo, "layout", "blobs");
        set(mojo, "retries", 2);
        set(mojo, "timeout", 10);
        set(mojo, "verifySignedRepository", true);
        set(mojo, "cacheDirectory", tmp.resolve("cache").toFile());
        return mojo;
    }
}
