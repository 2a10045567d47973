package io.github.blobdownloader.signature;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.reference.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Verifies one Sigstore bundle (protobuf-specs {@code Bundle}, JSON form, v0.1 to v0.3) against the image it
 * is attached to, with the configured keys. Two contents exist: a {@code messageSignature} over the
 * artifact itself (here: the image's manifest bytes), whose {@code messageDigest} must be the pulled digest;
 * and a {@code dsseEnvelope}, signed over its pre-authentication encoding, whose in-toto statement must list
 * the pulled digest among its subjects. Bundles carrying a Fulcio certificate instead of naming a key
 * (keyless) are not verified: that needs a trusted root and transparency-log checks this plugin lacks.
 * Transparency-log entries in key-based bundles are not checked either; the key is the trust.
 */
final class SigstoreBundle {

    static final String V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    static final String V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    static final String V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
    /** The bundle media types, which are also the artifact types of the referrers that carry them. */
    static final Set<String> MEDIA_TYPES = Set.of(V03, V02, V01);

    static final String IN_TOTO = "application/vnd.in-toto+json";
    /** Bundles hold a signature, a key hint and perhaps log entries: kilobytes. */
    static final int MAX_BUNDLE_BYTES = 1024 * 1024;

    private SigstoreBundle() {}

    /**
     * @param bundle    the bundle's JSON bytes
     * @param carrier   the manifest that carried it, for messages and the report
     * @param subject   what it must be about
     * @param keys      the keys it may be signed with
     */
    static Findings verify(byte[] bundle, Digest carrier, SignedSubject subject, List<TrustedKey> keys) {
        Findings findings = new Findings();
        String what = "Sigstore bundle in " + carrier;
        JsonNode root;
        try {
            root = JsonTrees.read(bundle);
        } catch (IOException e) {
            findings.rejected(what, "is not JSON");
            return findings;
        }
        if (root == null || !root.isObject()) {
            findings.rejected(what, "is not a JSON object");
            return findings;
        }
        String mediaType = root.path("mediaType").asText("");
        if (!MEDIA_TYPES.contains(mediaType)) {
            findings.rejected(
                    what, "has media type '" + UntrustedText.printable(mediaType) + "', not a Sigstore bundle");
            return findings;
        }
        JsonNode material = root.path("verificationMaterial");
        if (!material.has("publicKey")) {
            findings.rejected(
                    what,
                    material.has("certificate") || material.has("x509CertificateChain")
                            ? "is keyless (signed with a Fulcio certificate), which is not supported: only bundles"
                                    + " signed with a configured key are"
                            : "names no public key");
            return findings;
        }
        if (root.has("messageSignature")) {
            messageSignature(root.path("messageSignature"), what, carrier, subject, keys, findings);
        } else if (root.has("dsseEnvelope")) {
            dsse(root.path("dsseEnvelope"), what, carrier, subject, keys, findings);
        } else {
            findings.rejected(what, "has neither a messageSignature nor a dsseEnvelope");
        }
        return findings;
    }

    private static void messageSignature(
            JsonNode content,
            String what,
            Digest carrier,
            SignedSubject subject,
            List<TrustedKey> keys,
            Findings findings) {
        JsonNode messageDigest = content.path("messageDigest");
        String algorithm = messageDigest.path("algorithm").asText("");
        byte[] digest = base64(messageDigest.path("digest").asText(""));
        byte[] signature = base64(content.path("signature").asText(""));
        if (signature == null || signature.length == 0) {
            findings.rejected(what, "its message signature is missing or not base64");
            return;
        }
        if (!algorithm.equals("SHA2_256")
                || !subject.digest().algorithm().equals("sha256")
                || digest == null
                || !HexFormat.of().formatHex(digest).equals(subject.digest().hex())) {
            findings.rejected(
                    what,
                    "its messageDigest is for another digest, "
                            + UntrustedText.printable(algorithm + ":"
                                    + (digest == null ? "?" : HexFormat.of().formatHex(digest))));
            return;
        }
        TrustedKey signer = signer(keys, subject.manifest(), List.of(signature));
        if (signer == null) {
            findings.rejected(what, "signed by none of the keys (wrong key, or tampered content)");
            return;
        }
        findings.verified(
                new VerifiedSignature(signer.file(), signer.label(), VerifiedSignature.BUNDLE_MESSAGE, carrier));
    }

    private static void dsse(
            JsonNode envelope,
            String what,
            Digest carrier,
            SignedSubject subject,
            List<TrustedKey> keys,
            Findings findings) {
        String payloadType = envelope.path("payloadType").asText("");
        byte[] payload = base64(envelope.path("payload").asText(""));
        if (payload == null) {
            findings.rejected(what, "its DSSE payload is not base64");
            return;
        }
        List<byte[]> signatures = new ArrayList<>();
        for (JsonNode each : envelope.path("signatures")) {
            byte[] sig = base64(each.path("sig").asText(""));
            if (sig != null && sig.length > 0) {
                signatures.add(sig);
            }
        }
        TrustedKey signer = signer(keys, preAuthenticationEncoding(payloadType, payload), signatures);
        if (signer == null) {
            findings.rejected(
                    what, "its DSSE envelope is signed by none of the keys (wrong key, or a tampered payload)");
            return;
        }
        if (!payloadType.equals(IN_TOTO)) {
            findings.rejected(
                    what,
                    "its DSSE payload type '" + UntrustedText.printable(payloadType) + "' is not an in-toto statement,"
                            + " so nothing in it names the image");
            return;
        }
        JsonNode statement;
        try {
            statement = JsonTrees.read(payload);
        } catch (IOException e) {
            findings.rejected(what, "its in-toto statement is not JSON");
            return;
        }
        List<String> named = new ArrayList<>();
        for (JsonNode each : statement.path("subject")) {
            String sha256 = each.path("digest").path("sha256").asText(null);
            if (sha256 != null) {
                if (subject.digest().algorithm().equals("sha256")
                        && sha256.equals(subject.digest().hex())) {
                    findings.verified(new VerifiedSignature(
                            signer.file(), signer.label(), VerifiedSignature.BUNDLE_DSSE, carrier));
                    return;
                }
                named.add("sha256:" + sha256);
            }
        }
        findings.rejected(
                what,
                "its in-toto statement (signed by " + signer.file().getFileName() + ") is for another digest, "
                        + (named.isEmpty() ? "none" : UntrustedText.printable(String.join(", ", named))));
    }

    /** DSSE's PAE: {@code DSSEv1 SP LEN(type) SP type SP LEN(body) SP body}, lengths in ASCII decimal bytes. */
    static byte[] preAuthenticationEncoding(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static TrustedKey signer(List<TrustedKey> keys, byte[] message, List<byte[]> signatures) {
        for (byte[] signature : signatures) {
            for (TrustedKey key : keys) {
                if (key.verifies(message, signature)) {
                    return key;
                }
            }
        }
        return null;
    }

    /** Standard base64, as protobuf's JSON form writes bytes (URL-safe accepted too); {@code null} when invalid. */
    private static byte[] base64(String text) {
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
