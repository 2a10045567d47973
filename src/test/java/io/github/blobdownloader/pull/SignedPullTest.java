package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.extract.ExtractRequest;
import io.github.blobdownloader.extract.ImageExtractor;
import io.github.blobdownloader.referrers.ReferrerTypes;
import io.github.blobdownloader.registry.Mirror;
import io.github.blobdownloader.signature.SignaturePolicy;
import io.github.blobdownloader.testing.ArtifactPusher;
import io.github.blobdownloader.testing.CosignSigner;
import io.github.blobdownloader.testing.CosignSigner.SignatureLayer;
import io.github.blobdownloader.testing.Fault;
import io.github.blobdownloader.testing.FaultProxy;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.PushedIndex;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.ReferrersApiServer;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import io.github.blobdownloader.testing.TestKeys;
import io.github.blobdownloader.testing.TestKeys.TestKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls that require signatures, against the real registry: cosign simple-signing manifests under their tag and
 * Sigstore bundles as referrers, made by a signer written from the formats ({@link CosignSigner}) with keys
 * made by openssl and the JDK. A refused image leaves nothing under a final name, and no pin.
 */
class SignedPullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RegistryServer registry;
    private static RegistryApi api;
    private static FaultProxy proxy;
    private static TestKey p256;
    private static TestKey p384;
    private static TestKey rsa;
    private static TestKey ed25519;
    private static TestKey stranger;

    @TempDir
    static Path keys;

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
        proxy = FaultProxy.start(registry.baseUri());
        p256 = TestKeys.opensslP256(keys, "p256");
        p384 = TestKeys.jdkP384(keys, "p384");
        rsa = TestKeys.jdkRsa(keys, "rsa");
        ed25519 = TestKeys.opensslEd25519(keys, "ed25519");
        stranger = TestKeys.opensslP256(keys, "stranger");
    }

    @AfterAll
    static void stop() {
        proxy.close();
        registry.close();
    }

    private static PushedImage push(String repo, long seed) {
        return TestImages.pushImage(api, repo, "1.0", Format.OCI, "linux", "amd64", null, 2, 600, seed);
    }

    private static String named(String repo) {
        return registry.hostPort() + "/" + repo;
    }

    /** A {@code .sig} manifest whose single layer signs cosign's payload for {@code image} with {@code key}. */
    private static String signSimple(PushedImage image, TestKey key) {
        return CosignSigner.pushSimpleSigning(
                api,
                image.repository(),
                image.manifestDigest(),
                List.of(CosignSigner.sign(
                        key, CosignSigner.payload(named(image.repository()), image.manifestDigest()))));
    }

    private PullRequest.Builder request(String image, Path out, TestKey... trusted) {
        return PullRequest.builder(image, out)
                .cacheDirectory(tmp.resolve("cache"))
                .signatures(new SignaturePolicy(
                        Arrays.stream(trusted).map(TestKey::publicKey).toList(), true));
    }

    private PullResult pull(PullRequest request) {
        return new ImagePuller(log).pull(request);
    }

    private static JsonNode report(Path out) throws IOException {
        return JSON.readTree(out.resolve("download-report.json").toFile());
    }

    /** Fails with one line holding every fragment; nothing under a final name in {@code out}. */
    private BlobDownloaderException refused(PullRequest request, String... fragments) throws IOException {
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> pull(request));
        assertTrue(e.isUserError(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        }
        assertNothingIn(request.outputDirectory());
        if (request.lockFile() != null) {
            assertFalse(Files.exists(request.lockFile()), "no pin for a refused image");
        }
        return e;
    }

    private static void assertNothingIn(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                List<Path> found = files.filter(Files::isRegularFile).toList();
                assertEquals(List.of(), found, "nothing may be written for a refused image");
            }
        }
    }

    @Test
    void everyKeyTypeVerifiesACosignSignature() throws IOException {
        List<TestKey> all = List.of(p256, p384, rsa, ed25519);
        for (int i = 0; i < all.size(); i++) {
            TestKey key = all.get(i);
            PushedImage image = push("signed/key" + i, 100 + i);
            String signature = signSimple(image, key);
            Path out = tmp.resolve("out" + i);

            pull(request(named(image.repository()) + ":1.0", out, key).build());

            assertTrue(
                    Files.exists(out.resolve("manifest.json")), key.publicKey().toString());
            JsonNode verified = report(out).path("signatures").path(0);
            assertEquals("cosign-simple-signing", verified.path("format").asText());
            assertEquals(key.publicKey().toString(), verified.path("keyFile").asText());
            assertEquals(signature, verified.path("signatureManifest").asText());
        }
        assertTrue(log.contains("INFO Verified the signature of " + named("signed/key0") + ":1.0"), log.toString());
    }

    @Test
    void oneOfSeveralKeysIsEnoughAndAnImageByDigestVerifiesToo() throws IOException {
        PushedImage image = push("signed/several-keys", 110);
        signSimple(image, rsa);

        pull(request(named(image.repository()) + ":1.0", tmp.resolve("tag"), stranger, ed25519, rsa)
                .build());
        pull(request(named(image.repository()) + "@" + image.manifestDigest(), tmp.resolve("digest"), stranger, rsa)
                .build());

        assertEquals(
                "RSA 3072",
                report(tmp.resolve("digest"))
                        .path("signatures")
                        .path(0)
                        .path("keyType")
                        .asText());
    }

    @Test
    void severalSignaturesWhereOneIsValid() throws IOException {
        PushedImage image = push("signed/several-signatures", 120);
        byte[] payload = CosignSigner.payload(named(image.repository()), image.manifestDigest());
        CosignSigner.pushSimpleSigning(
                api,
                image.repository(),
                image.manifestDigest(),
                List.of(CosignSigner.sign(stranger, payload), CosignSigner.sign(p384, payload)));

        pull(request(named(image.repository()) + ":1.0", tmp.resolve("out"), p384)
                .build());

        assertEquals(1, report(tmp.resolve("out")).path("signatures").size());
    }

    @Test
    void theLockFileRecordsTheSignatureAndAnOfflineBuildVerifiesItFromTheCache() throws IOException {
        PushedImage image = push("signed/locked", 130);
        String signature = signSimple(image, p256);
        Path lock = tmp.resolve("blob-lock.json");

        pull(request(named(image.repository()) + ":1.0", tmp.resolve("online"), p256)
                .lockFile(lock)
                .build());
        JsonNode entry =
                JSON.readTree(lock.toFile()).path("images").path(named(image.repository()) + ":1.0 linux/amd64");
        assertEquals(image.manifestDigest(), entry.path("digest").asText());
        assertEquals(signature, entry.path("signature").asText());

        RecordingLog offlineLog = new RecordingLog();
        new ImagePuller(offlineLog)
                .pull(request(named(image.repository()) + ":1.0", tmp.resolve("offline"), p256)
                        .lockFile(lock)
                        .offline(true)
                        .build());
        assertEquals(
                signature,
                report(tmp.resolve("offline"))
                        .path("signatures")
                        .path(0)
                        .path("signatureManifest")
                        .asText());
        assertTrue(offlineLog.contains("INFO Verified the signature of"), offlineLog.toString());

        // Offline, the wrong key still fails: the cached signature is verified again, not trusted.
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> pull(request(named(image.repository()) + ":1.0", tmp.resolve("offline-wrong"), stranger)
                        .lockFile(lock)
                        .offline(true)
                        .build()));
        assertTrue(e.getMessage().contains("signed by none of the keys"), e.getMessage());
        assertNothingIn(tmp.resolve("offline-wrong"));
    }

    @Test
    void offlineWithoutAPinnedSignatureSaysWhatToDo() throws IOException {
        PushedImage image = push("signed/offline-unpinned", 135);
        signSimple(image, p256);
        pull(request(named(image.repository()) + ":1.0", tmp.resolve("online"), p256)
                .build());

        refused(
                request(named(image.repository()) + "@" + image.manifestDigest(), tmp.resolve("offline"), p256)
                        .offline(true)
                        .build(),
                "⟨offline⟩",
                CosignSigner.signatureTag(image.manifestDigest()),
                "⟨lockFile⟩");
    }

    @Test
    void anIndexIsSignedByItsOwnDigest() throws IOException {
        PushedIndex index = TestImages.pushMultiPlatform(api, "signed/index", "1.0", Format.OCI, 140);
        CosignSigner.pushSimpleSigning(
                api,
                "signed/index",
                index.manifestDigest(),
                List.of(CosignSigner.sign(
                        ed25519, CosignSigner.payload(named("signed/index"), index.manifestDigest()))));

        pull(request(named("signed/index") + ":1.0", tmp.resolve("out"), ed25519)
                .platform("linux/arm64")
                .build());

        assertEquals(
                index.manifestDigest(),
                report(tmp.resolve("out")).path("digest").asText());
        // A signature of one platform's manifest is not one of the index.
        PushedIndex other = TestImages.pushMultiPlatform(api, "signed/index2", "1.0", Format.OCI, 145);
        signSimple(other.images().get(0), ed25519);
        refused(
                request(named("signed/index2") + ":1.0", tmp.resolve("child-only"), ed25519)
                        .build(),
                "has no signature");
    }

    @Test
    void sigstoreBundlesAttachedAsReferrersVerify() throws IOException {
        PushedImage message = push("signed/bundle-message", 150);
        String referrer = CosignSigner.pushBundleReferrer(
                api,
                message.repository(),
                message.manifestDigest(),
                message.mediaType(),
                message.manifestBytes().length,
                CosignSigner.messageSignatureBundle(p256, message.manifestBytes()));
        pull(request(named(message.repository()) + ":1.0", tmp.resolve("message"), p256)
                .build());
        JsonNode verified = report(tmp.resolve("message")).path("signatures").path(0);
        assertEquals(
                "sigstore-bundle-message-signature", verified.path("format").asText());
        assertEquals(referrer, verified.path("signatureManifest").asText());

        PushedImage dsse = push("signed/bundle-dsse", 151);
        // A first, foreign bundle in the same index: the valid one is still found.
        CosignSigner.pushBundleReferrer(
                api,
                dsse.repository(),
                dsse.manifestDigest(),
                dsse.mediaType(),
                dsse.manifestBytes().length,
                CosignSigner.dsseBundle(stranger, named(dsse.repository()), dsse.manifestDigest()));
        CosignSigner.pushBundleReferrer(
                api,
                dsse.repository(),
                dsse.manifestDigest(),
                dsse.mediaType(),
                dsse.manifestBytes().length,
                CosignSigner.dsseBundle(ed25519, named(dsse.repository()), dsse.manifestDigest()));
        Path lock = tmp.resolve("bundle-lock.json");
        pull(request(named(dsse.repository()) + ":1.0", tmp.resolve("dsse"), ed25519)
                .lockFile(lock)
                .build());
        assertEquals(
                "sigstore-bundle-dsse",
                report(tmp.resolve("dsse"))
                        .path("signatures")
                        .path(0)
                        .path("format")
                        .asText());

        // The pinned bundle is verified again offline.
        pull(request(named(dsse.repository()) + ":1.0", tmp.resolve("dsse-offline"), ed25519)
                .lockFile(lock)
                .offline(true)
                .build());
        assertTrue(Files.exists(tmp.resolve("dsse-offline/manifest.json")));
    }

    @Test
    void aBundleListedByTheReferrersApiIsFoundThere() throws IOException {
        PushedImage image = push("signed/bundle-api", 155);
        // Pushed with its subject but left out of the tag schema: only the API lists it.
        ArtifactPusher.Pushed bundle = new ArtifactPusher(api)
                .push(
                        image.repository(),
                        null,
                        CosignSigner.BUNDLE_V03,
                        ArtifactPusher.EMPTY_CONFIG_TYPE,
                        ArtifactPusher.EMPTY_CONFIG,
                        List.of(new ArtifactPusher.Layer(
                                CosignSigner.BUNDLE_V03,
                                CosignSigner.messageSignatureBundle(rsa, image.manifestBytes()),
                                Map.of())),
                        ArtifactPusher.Subject.of(image),
                        Map.of());
        try (ReferrersApiServer referrers = ReferrersApiServer.start(registry.baseUri(), 10)) {
            referrers.add(image.manifestDigest(), bundle);
            Path out = tmp.resolve("out");
            pull(request(referrers.hostPort() + "/" + image.repository() + ":1.0", out, rsa)
                    .build());
            assertEquals(
                    bundle.digest(),
                    report(out)
                            .path("signatures")
                            .path(0)
                            .path("signatureManifest")
                            .asText());
        }
        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("without-api"), rsa)
                        .build(),
                "has no signature");
    }

    @Test
    void theLockFileKeepsReferrersAndTheSignatureSideBySide() throws IOException {
        PushedImage image = push("signed/with-referrers", 157);
        String signature = signSimple(image, p256);
        String sbom = new ArtifactPusher(api)
                .attach(
                        image.repository(),
                        ArtifactPusher.Subject.of(image),
                        "application/spdx+json",
                        List.of(ArtifactPusher.Layer.titled(
                                "application/spdx+json", "sbom.json", "{}".getBytes(StandardCharsets.UTF_8))))
                .digest();
        Path lock = tmp.resolve("lock.json");
        pull(request(named(image.repository()) + ":1.0", tmp.resolve("out"), p256)
                .referrers(ReferrerTypes.ALL)
                .lockFile(lock)
                .build());
        JsonNode entry =
                JSON.readTree(lock.toFile()).path("images").path(named(image.repository()) + ":1.0 linux/amd64");
        assertEquals(signature, entry.path("signature").asText());
        assertEquals(sbom, entry.path("referrers").path(0).path("digest").asText());
    }

    @Test
    void aPullThroughMirrorServesTheSignatureWhichNamesTheOrigin() throws IOException {
        PushedImage image = push("signed/mirrored", 158);
        signSimple(image, p256);
        try (RegistryServer mirror =
                RegistryServer.builder().proxy(registry.baseUri().toString()).start()) {
            RecordingLog mirrorLog = new RecordingLog();
            new ImagePuller(mirrorLog)
                    .pull(request(named(image.repository()) + ":1.0", tmp.resolve("out"), p256)
                            .mirrors(List.of(new Mirror(
                                    registry.hostPort(), mirror.baseUri().toString())))
                            .build());
            assertTrue(
                    mirrorLog.contains("INFO Image " + named(image.repository()) + ":1.0 is served by the mirror"),
                    mirrorLog.toString());
            assertTrue(mirrorLog.contains("INFO Verified the signature of"), mirrorLog.toString());
            assertFalse(mirrorLog.toString().contains("WARN"), mirrorLog.toString());
        }
    }

    @Test
    void anUnsignedImageIsRefusedInEveryLayoutAndByExtract() throws IOException {
        PushedImage image = push("unsigned/app", 160);
        String name = named(image.repository()) + ":1.0";
        for (String layout : List.of("blobs", "oci", "docker-archive")) {
            refused(
                    request(name, tmp.resolve(layout), p256)
                            .layout(layout)
                            .lockFile(tmp.resolve(layout + ".lock"))
                            .build(),
                    "image " + name + " (" + image.manifestDigest() + ") has no signature",
                    CosignSigner.signatureTag(image.manifestDigest()),
                    "⟨publicKeys⟩");
        }
        Path rootfs = tmp.resolve("rootfs");
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new ImageExtractor(log)
                        .extract(new ExtractRequest(request(name, rootfs, p256).build(), rootfs, null, null)));
        assertTrue(e.getMessage().contains("has no signature"), e.getMessage());
        assertFalse(Files.exists(rootfs));
    }

    @Test
    void extractPullsASignedImage() {
        PushedImage image = push("signed/extract", 165);
        signSimple(image, p256);
        Path rootfs = tmp.resolve("rootfs");
        new ImageExtractor(log)
                .extract(new ExtractRequest(
                        request(named(image.repository()) + ":1.0", rootfs, p256)
                                .build(),
                        rootfs,
                        null,
                        null));
        assertTrue(Files.isDirectory(rootfs));
    }

    @Test
    void aWrongKeyOrATamperedPayloadIsRefused() throws IOException {
        PushedImage image = push("signed/wrong-key", 170);
        signSimple(image, stranger);
        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("wrong"), p256, rsa)
                        .lockFile(tmp.resolve("lock.json"))
                        .build(),
                "has no valid signature by ⟨publicKeys⟩ (p256.pub, rsa.pub)",
                "signed by none of the keys",
                "holds the signer's public key");

        PushedImage tampered = push("signed/tampered", 171);
        byte[] payload = CosignSigner.payload(named(tampered.repository()), tampered.manifestDigest());
        byte[] signature = p256.sign(payload);
        byte[] changed = new String(payload, StandardCharsets.UTF_8)
                .replace("\"optional\":null", "\"optional\":{\"by\":\"someone else\"}")
                .getBytes(StandardCharsets.UTF_8);
        CosignSigner.pushSimpleSigning(
                api, tampered.repository(), tampered.manifestDigest(), List.of(new SignatureLayer(changed, signature)));
        refused(
                request(named(tampered.repository()) + ":1.0", tmp.resolve("tampered"), p256)
                        .build(),
                "signed by none of the keys");
    }

    @Test
    void aPayloadForAnotherDigestOrRepositoryIsRefused() throws IOException {
        PushedImage image = push("signed/other-digest", 180);
        PushedImage other = push("signed/other-digest-2", 181);
        CosignSigner.pushSimpleSigning(
                api,
                image.repository(),
                image.manifestDigest(),
                List.of(CosignSigner.sign(
                        p256, CosignSigner.payload(named(image.repository()), other.manifestDigest()))));
        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("digest"), p256)
                        .build(),
                "is for another digest, " + other.manifestDigest());

        PushedImage copy = push("mirror/copy", 182);
        CosignSigner.pushSimpleSigning(
                api,
                copy.repository(),
                copy.manifestDigest(),
                List.of(CosignSigner.sign(
                        p256, CosignSigner.payload("registry.example.com/team/app", copy.manifestDigest()))));
        refused(
                request(named(copy.repository()) + ":1.0", tmp.resolve("repository"), p256)
                        .build(),
                "is for another repository, registry.example.com/team/app",
                "⟨verifySignedRepository=false⟩");

        pull(request(named(copy.repository()) + ":1.0", tmp.resolve("relaxed"), p256)
                .signatures(new SignaturePolicy(List.of(p256.publicKey()), false))
                .build());
        assertTrue(Files.exists(tmp.resolve("relaxed/manifest.json")));
    }

    /**
     * The key may sign other things than images ({@code cosign sign-blob} signs any file): a signed document
     * that names the digest counts only when it is a container image signature, as cosign requires.
     */
    @Test
    void aSignedPayloadThatIsNoImageSignatureIsRefused() throws IOException {
        PushedImage image = push("signed/not-a-signature", 183);
        byte[] blob = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + named(image.repository())
                        + "\"},\"image\":{\"docker-manifest-digest\":\"" + image.manifestDigest()
                        + "\"},\"type\":\"release note\"}}")
                .getBytes(StandardCharsets.UTF_8);
        CosignSigner.pushSimpleSigning(
                api, image.repository(), image.manifestDigest(), List.of(CosignSigner.sign(p256, blob)));

        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("out"), p256)
                        .build(),
                "is not a cosign container image signature (its type is 'release note')");
    }

    @Test
    void aSignatureLayerFailingItsOwnDigestIsRefused() throws IOException {
        PushedImage image = push("signed/corrupt-layer", 190);
        byte[] payload = CosignSigner.payload(proxy.hostPort() + "/" + image.repository(), image.manifestDigest());
        CosignSigner.pushSimpleSigning(
                api, image.repository(), image.manifestDigest(), List.of(CosignSigner.sign(p256, payload)));
        String payloadDigest = io.github.blobdownloader.testing.Digests.sha256(payload);
        proxy.add(FaultProxy.Rule.on("GET", "/v2/signed/corrupt-layer/blobs/" + payloadDigest)
                .then(Fault.flipByte(10)));
        try {
            refused(
                    PullRequest.builder(proxy.hostPort() + "/" + image.repository() + ":1.0", tmp.resolve("out"))
                            .retries(1)
                            .timeout(Duration.ofSeconds(10))
                            .cacheDirectory(tmp.resolve("cache"))
                            .signatures(new SignaturePolicy(List.of(p256.publicKey()), true))
                            .build(),
                    "fails its own digest",
                    payloadDigest);
        } finally {
            proxy.clearRules();
        }
    }

    @Test
    void aBundleWhoseDsseSubjectIsAnotherDigestIsRefused() throws IOException {
        PushedImage image = push("signed/dsse-other", 200);
        PushedImage other = push("signed/dsse-other-2", 201);
        CosignSigner.pushBundleReferrer(
                api,
                image.repository(),
                image.manifestDigest(),
                image.mediaType(),
                image.manifestBytes().length,
                CosignSigner.dsseBundle(p256, named(other.repository()), other.manifestDigest()));
        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("out"), p256)
                        .build(),
                "Sigstore bundle in sha256:",
                "in-toto statement (signed by p256.pub) is for another digest, " + other.manifestDigest());
    }

    @Test
    void aFileThatIsNotAPublicKeyIsOneLineNamingItAndTheSetting() throws IOException {
        Path notAKey = tmp.resolve("cosign.key");
        Files.writeString(notAKey, "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n");
        PushedImage image = push("signed/bad-key", 210);
        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("out"))
                        .signatures(new SignaturePolicy(List.of(notAKey), true))
                        .build(),
                "public key file " + notAKey + " (⟨publicKeys⟩) is not usable",
                "private key");
        refused(
                request(named(image.repository()) + ":1.0", tmp.resolve("out"))
                        .signatures(new SignaturePolicy(List.of(tmp.resolve("missing.pub")), true))
                        .build(),
                "cannot read public key file " + tmp.resolve("missing.pub") + " (⟨publicKeys⟩): no such file");
    }
}
