package io.github.blobdownloader.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.reference.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which {@code docker-reference} names which repository, and the tag cosign signs under. */
class SimpleSigningTest {

    @Test
    void dockerHubsSpellingsAreOneRegistryAndTagsOrDigestsDoNotMatter() {
        assertTrue(SimpleSigning.sameRepository("index.docker.io/library/busybox", "docker.io/library/busybox"));
        assertTrue(SimpleSigning.sameRepository("registry-1.docker.io/library/busybox", "docker.io/library/busybox"));
        assertTrue(SimpleSigning.sameRepository("busybox", "docker.io/library/busybox"));
        assertTrue(SimpleSigning.sameRepository(
                "Registry.Example.com:5000/team/app:1.0", "registry.example.com:5000/team/app"));
        assertTrue(SimpleSigning.sameRepository(
                "registry.example.com/team/app@sha256:" + "a".repeat(64), "registry.example.com/team/app"));
    }

    @Test
    void anotherRegistryOrRepositoryOrNothingDoesNotMatch() {
        assertFalse(SimpleSigning.sameRepository("mirror.example.com/team/app", "registry.example.com/team/app"));
        assertFalse(SimpleSigning.sameRepository("registry.example.com/team/app2", "registry.example.com/team/app"));
        assertFalse(SimpleSigning.sameRepository(
                "registry.example.com:5001/team/app", "registry.example.com:5000/team/app"));
        assertFalse(SimpleSigning.sameRepository(null, "registry.example.com/team/app"));
        assertFalse(SimpleSigning.sameRepository("not a reference!", "registry.example.com/team/app"));
    }

    @Test
    void theSignatureTagIsTheDigestWithADashAndSig() {
        Digest digest = Digest.sha256Of("x".getBytes(StandardCharsets.UTF_8));
        assertEquals("sha256-" + digest.hex() + ".sig", SimpleSigning.tag(digest));
    }
}
