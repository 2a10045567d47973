package io.github.blobdownloader.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.testing.CosignSigner;
import io.github.blobdownloader.testing.TestKeys;
import io.github.blobdownloader.testing.TestKeys.TestKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bundle's bytes against a subject and the keys: what counts and what each refusal says. */
class SigstoreBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MANIFEST =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256Of(MANIFEST);
    private static final Digest OTHER = Digest.sha256Of("other".getBytes(StandardCharsets.UTF_8));
    private static final Digest CARRIER = Digest.sha256Of("carrier".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;

    private static TestKey p384;
    private static TestKey ed25519;
    private static List<TrustedKey> trusted;

    @BeforeAll
    static void keys() {
        p384 = TestKeys.jdkP384(dir, "p384");
        ed25519 = TestKeys.opensslEd25519(dir, "ed25519");
        trusted = TrustedKeys.load(List.of(p384.publicKey(), ed25519.publicKey()));
    }

    private static Findings verify(byte[] bundle) {
        return SigstoreBundle.verify(
                bundle, CARRIER, new SignedSubject(DIGEST, MANIFEST, "r.example/app", true), trusted);
    }

    private static void assertRejected(byte[] bundle, String fragment) {
        Findings findings = verify(bundle);
        assertEquals(List.of(), findings.verified());
        assertEquals(1, findings.rejected().size(), findings.rejected().toString());
        assertTrue(
                findings.rejected().get(0).contains(fragment),
                findings.rejected().toString());
        assertTrue(findings.rejected().get(0).startsWith("Sigstore bundle in " + CARRIER + ": "));
    }

    private static ObjectNode tree(byte[] bundle) throws Exception {
        return (ObjectNode) JSON.readTree(bundle);
    }

    @Test
    void aMessageSignatureOverTheManifestBytesVerifies() {
        Findings findings = verify(CosignSigner.messageSignatureBundle(p384, MANIFEST));
        assertEquals(
                List.of(new VerifiedSignature(
                        p384.publicKey(), "ECDSA P-384", VerifiedSignature.BUNDLE_MESSAGE, CARRIER)),
                findings.verified());
    }

    @Test
    void aMessageSignatureForAnotherDigestOrByAnotherKeyIsRefused() throws Exception {
        assertRejected(
                CosignSigner.messageSignatureBundle(p384, "other".getBytes(StandardCharsets.UTF_8)),
                "its messageDigest is for another digest, SHA2_256:" + OTHER.hex());
        TestKey stranger = TestKeys.opensslP256(dir, "stranger");
        assertRejected(CosignSigner.messageSignatureBundle(stranger, MANIFEST), "signed by none of the keys");
    }

    @Test
    void aDsseInTotoStatementAboutTheDigestVerifiesAndOneAboutAnotherIsRefused() {
        assertEquals(
                VerifiedSignature.BUNDLE_DSSE,
                verify(CosignSigner.dsseBundle(ed25519, "app", DIGEST.toString()))
                        .verified()
                        .get(0)
                        .format());
        assertRejected(
                CosignSigner.dsseBundle(ed25519, "app", OTHER.toString()),
                "its in-toto statement (signed by ed25519.pub) is for another digest, " + OTHER);
    }

    @Test
    void aTamperedDssePayloadIsRefused() throws Exception {
        ObjectNode bundle = tree(CosignSigner.dsseBundle(ed25519, "app", DIGEST.toString()));
        ObjectNode envelope = (ObjectNode) bundle.get("dsseEnvelope");
        String statement =
                new String(Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
        envelope.put(
                "payload",
                Base64.getEncoder()
                        .encodeToString(
                                statement.replace("provenance", "anything").getBytes(StandardCharsets.UTF_8)));
        assertRejected(JSON.writeValueAsBytes(bundle), "signed by none of the keys");
    }

    @Test
    void aDssePayloadThatIsNoInTotoStatementNamesNoImage() throws Exception {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        ObjectNode bundle = tree(CosignSigner.dsseBundle(ed25519, "app", DIGEST.toString()));
        ObjectNode envelope = (ObjectNode) bundle.get("dsseEnvelope");
        envelope.put("payloadType", "text/plain")
                .put("payload", Base64.getEncoder().encodeToString(payload));
        ((ObjectNode) envelope.get("signatures").get(0))
                .put(
                        "sig",
                        Base64.getEncoder()
                                .encodeToString(
                                        ed25519.sign(SigstoreBundle.preAuthenticationEncoding("text/plain", payload))));
        assertRejected(JSON.writeValueAsBytes(bundle), "is not an in-toto statement");
    }

    @Test
    void thePreAuthenticationEncodingIsTheDsseSpecsExample() {
        assertArrayEquals(
                "DSSEv1 29 http://example.com/HelloWorld 11 hello world".getBytes(StandardCharsets.UTF_8),
                SigstoreBundle.preAuthenticationEncoding(
                        "http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void olderBundleVersionsAreReadAndOtherDocumentsRefused() throws Exception {
        for (String version : List.of(SigstoreBundle.V01, SigstoreBundle.V02)) {
            ObjectNode bundle = tree(CosignSigner.messageSignatureBundle(p384, MANIFEST));
            bundle.put("mediaType", version);
            assertEquals(1, verify(JSON.writeValueAsBytes(bundle)).verified().size(), version);
        }
        ObjectNode unknown = tree(CosignSigner.messageSignatureBundle(p384, MANIFEST));
        unknown.put("mediaType", "application/json");
        assertRejected(JSON.writeValueAsBytes(unknown), "has media type 'application/json', not a Sigstore bundle");
        assertRejected("not json".getBytes(StandardCharsets.UTF_8), "is not JSON");
    }

    @Test
    void aKeylessBundleIsRefusedAsNotSupported() throws Exception {
        ObjectNode bundle = tree(CosignSigner.messageSignatureBundle(p384, MANIFEST));
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("certificate").put("rawBytes", "MIIB");
        assertRejected(
                JSON.writeValueAsBytes(bundle),
                "is keyless (signed with a Fulcio certificate), which is not supported");
    }
}
