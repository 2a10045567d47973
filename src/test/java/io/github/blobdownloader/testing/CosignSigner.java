package io.github.blobdownloader.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.testing.TestKeys.TestKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Signs images the way cosign does, written from the published formats and apart from the plugin's verifier:
 * simple-signing payloads in a {@code sha256-<hex>.sig} manifest, and Sigstore bundles (v0.3) pushed as
 * referrers through {@link ArtifactPusher#attach} (a manifest with a {@code subject}, listed, as oras and cosign
 * do on registries without the referrers API, in the index under the tag {@code sha256-<hex>}).
 */
public final class CosignSigner {

    public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public static final String IN_TOTO = "application/vnd.in-toto+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer of a {@code .sig} manifest: the payload as pushed and the signature in its annotation. */
    public record SignatureLayer(byte[] payload, byte[] signature) {}

    private CosignSigner() {}

    /** cosign's simple-signing payload for {@code dockerReference} (registry/repository) at {@code digest}. */
    public static byte[] payload(String dockerReference, String digest) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":" + Json.quote(dockerReference)
                        + "},\"image\":{\"docker-manifest-digest\":" + Json.quote(digest)
                        + "},\"type\":\"cosign container image signature\"},\"optional\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A layer signing {@code payload} with {@code key}. */
    public static SignatureLayer sign(TestKey key, byte[] payload) {
        return new SignatureLayer(payload, key.sign(payload));
    }

    /** The tag cosign keeps the signatures of {@code digest} under. */
    public static String signatureTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }

    /** Pushes the {@code .sig} manifest of {@code subjectDigest} with {@code layers}; returns its digest. */
    public static String pushSimpleSigning(
            RegistryApi api, String repo, String subjectDigest, List<SignatureLayer> layers) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        ArrayNode layerNodes = JSON.createArrayNode();
        ArrayNode diffIds = JSON.createArrayNode();
        for (SignatureLayer layer : layers) {
            String digest = api.pushBlob(repo, layer.payload());
            diffIds.add(digest);
            ObjectNode node = descriptor(SIMPLE_SIGNING, digest, layer.payload().length);
            node.putObject("annotations")
                    .put(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(layer.signature()));
            layerNodes.add(node);
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "").put("os", "");
        config.putObject("config");
        config.putObject("rootfs").put("type", "layers").set("diff_ids", diffIds);
        byte[] configBytes = bytes(config);
        manifest.set("config", descriptor(MediaTypes.OCI_CONFIG, api.pushBlob(repo, configBytes), configBytes.length));
        manifest.set("layers", layerNodes);
        return api.pushManifest(repo, signatureTag(subjectDigest), MediaTypes.OCI_MANIFEST, bytes(manifest));
    }

    /** A key-based bundle whose message signature signs the image manifest's bytes. */
    public static byte[] messageSignatureBundle(TestKey key, byte[] manifestBytes) {
        ObjectNode bundle = bundleHead(key);
        ObjectNode content = bundle.putObject("messageSignature");
        content.putObject("messageDigest")
                .put("algorithm", "SHA2_256")
                .put(
                        "digest",
                        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Digests.sha256Hex(manifestBytes))));
        content.put("signature", Base64.getEncoder().encodeToString(key.sign(manifestBytes)));
        return bytes(bundle);
    }

    /** A key-based bundle with a DSSE envelope around an in-toto statement about {@code subjectDigest}. */
    public static byte[] dsseBundle(TestKey key, String subjectName, String subjectDigest) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement
                .putArray("subject")
                .addObject()
                .put("name", subjectName)
                .putObject("digest")
                .put("sha256", subjectDigest.substring("sha256:".length()));
        statement.put("predicateType", "https://slsa.dev/provenance/v1");
        statement.putObject("predicate");
        byte[] payload = bytes(statement);
        ObjectNode bundle = bundleHead(key);
        ObjectNode envelope = bundle.putObject("dsseEnvelope");
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.put("payloadType", IN_TOTO);
        envelope.putArray("signatures")
                .addObject()
                .put("sig", Base64.getEncoder().encodeToString(key.sign(pae(IN_TOTO, payload))))
                .put("keyid", "");
        return bytes(bundle);
    }

    /**
     * Pushes {@code bundle} as a referrer of the image manifest {@code subjectDigest} and adds it to the
     * referrers index under the tag {@code sha256-<hex>}, creating that index when it is missing.
     *
     * @return the referrer manifest's digest
     */
    public static String pushBundleReferrer(
            RegistryApi api,
            String repo,
            String subjectDigest,
            String subjectMediaType,
            long subjectSize,
            byte[] bundle) {
        return new ArtifactPusher(api)
                .attach(
                        repo,
                        new ArtifactPusher.Subject(subjectMediaType, subjectDigest, subjectSize),
                        BUNDLE_V03,
                        List.of(new ArtifactPusher.Layer(BUNDLE_V03, bundle, Map.of())))
                .digest();
    }

    private static ObjectNode bundleHead(TestKey key) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", BUNDLE_V03);
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("publicKey")
                .put("hint", key.publicKey().getFileName().toString());
        material.putArray("tlogEntries");
        return bundle;
    }

    /** DSSE's pre-authentication encoding, from the DSSE protocol text. */
    private static byte[] pae(String type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(String.format("DSSEv1 %d %s %d ", typeBytes.length, type, body.length)
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", mediaType).put("digest", digest).put("size", size);
        return node;
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
