package io.github.blobdownloader.signature;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.InvalidReferenceException;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * cosign's classic signatures: the manifest tagged {@code sha256-<hex>.sig} next to the image, one layer per
 * signature. Each layer's blob is the signed payload (a "simple signing" JSON document) and its annotation
 * {@code dev.cosignproject.cosign/signature} the base64 signature over exactly those bytes. A signature counts
 * only when the payload names the digest being pulled, and (unless relaxed) the image's repository.
 */
final class SimpleSigning {

    static final String PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    /** {@code critical.type} of a simple-signing payload that signs an image. */
    static final String SIGNATURE_TYPE = "cosign container image signature";
    /** Payloads are a few hundred bytes; a larger one is not a signature. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private SimpleSigning() {}

    /** The tag cosign stores the signatures of {@code digest} under. */
    static String tag(Digest digest) {
        return digest.algorithm() + "-" + digest.hex() + ".sig";
    }

    /** Checks every signature layer of {@code signatures} (the {@code .sig} manifest). */
    static Findings verify(Manifest signatures, SignatureSource source, SignedSubject subject, List<TrustedKey> keys) {
        Findings findings = new Findings();
        String where = "signature manifest " + signatures.digest();
        if (!(signatures instanceof ImageManifest manifest)) {
            findings.rejected(where, "is an index, not a cosign signature manifest");
            return findings;
        }
        List<Descriptor> layers = manifest.layers();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            String what = where + " layer " + (i + 1) + "/" + layers.size();
            if (!PAYLOAD_TYPE.equals(layer.mediaType())) {
                findings.rejected(
                        what, "has media type " + UntrustedText.printable(layer.mediaType()) + ", not " + PAYLOAD_TYPE);
                continue;
            }
            verifyLayer(manifest.digest(), layer, what, source, subject, keys, findings);
        }
        if (findings.isEmpty()) {
            findings.rejected(where, "has no signature layers");
        }
        return findings;
    }

    private static void verifyLayer(
            Digest manifestDigest,
            Descriptor layer,
            String what,
            SignatureSource source,
            SignedSubject subject,
            List<TrustedKey> keys,
            Findings findings) {
        String encoded = layer.annotations().get(SIGNATURE_ANNOTATION);
        if (encoded == null || encoded.isBlank()) {
            findings.rejected(what, "has no " + SIGNATURE_ANNOTATION + " annotation");
            return;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            findings.rejected(what, "its signature annotation is not base64");
            return;
        }
        byte[] payload;
        try {
            payload = source.blob(layer, MAX_PAYLOAD_BYTES);
        } catch (SignatureSource.WrongContent e) {
            findings.rejected(
                    what,
                    "its payload blob " + layer.digest() + " fails its own digest (the registry served other bytes)");
            return;
        }
        if (payload.length != layer.size() || !layer.digest().matches(payload)) {
            findings.rejected(what, "its payload blob " + layer.digest() + " fails its own digest");
            return;
        }
        TrustedKey signer = keys.stream()
                .filter(key -> key.verifies(payload, signature))
                .findFirst()
                .orElse(null);
        if (signer == null) {
            findings.rejected(what, "signed by none of the keys (wrong key, or a tampered payload)");
            return;
        }
        JsonNode critical;
        try {
            critical = JsonTrees.read(payload).path("critical");
        } catch (IOException e) {
            findings.rejected(what, "its signed payload is not JSON");
            return;
        }
        // As cosign: a document the key signed for another purpose (cosign sign-blob signs any file) is none.
        String type = critical.path("type").asText(null);
        if (!SIGNATURE_TYPE.equals(type)) {
            findings.rejected(
                    what,
                    "its payload (signed by " + signer.file().getFileName() + ") is not a " + SIGNATURE_TYPE
                            + " (its type is '" + UntrustedText.printable(String.valueOf(type)) + "')");
            return;
        }
        String signedDigest =
                critical.path("image").path("docker-manifest-digest").asText(null);
        if (signedDigest == null || !signedDigest.equals(subject.digest().toString())) {
            findings.rejected(
                    what,
                    "its payload (signed by " + signer.file().getFileName() + ") is for another digest, "
                            + UntrustedText.printable(String.valueOf(signedDigest)));
            return;
        }
        String signedReference =
                critical.path("identity").path("docker-reference").asText(null);
        if (subject.checkRepository() && !sameRepository(signedReference, subject.repository())) {
            findings.otherRepository(
                    what,
                    "its payload (signed by " + signer.file().getFileName() + ") is for another repository, "
                            + UntrustedText.printable(String.valueOf(signedReference)));
            return;
        }
        findings.verified(
                new VerifiedSignature(signer.file(), signer.label(), VerifiedSignature.SIMPLE_SIGNING, manifestDigest));
    }

    /**
     * Whether cosign's {@code docker-reference} names {@code repository}: the same registry and repository once
     * Docker Hub's spellings are normalised; a tag or digest on it is ignored, as cosign writes none.
     */
    static boolean sameRepository(String signedReference, String repository) {
        if (signedReference == null || signedReference.isBlank()) {
            return false;
        }
        try {
            ImageReference signed = ImageReference.parse(signedReference.trim());
            ImageReference pulled = ImageReference.parse(repository);
            return hub(signed.registry()).equals(hub(pulled.registry()))
                    && signed.repository().equals(pulled.repository());
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    private static String hub(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        return lower.equals(ImageReference.DOCKER_HUB_ENDPOINT) ? ImageReference.DOCKER_HUB : lower;
    }
}
