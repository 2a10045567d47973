package io.github.blobdownloader.signature;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The signature check of one image: at least one signature by one of the configured keys must be about the
 * digest being pulled. Looks at cosign's {@code .sig} manifest first, then at the Sigstore bundles attached
 * as referrers; a signature manifest a lock file pinned is checked alone. Fails with one line saying what
 * was found.
 */
public final class SignatureVerifier {

    /** How many rejected candidates a failure lists before it only counts the rest. */
    private static final int LISTED = 4;

    private final List<TrustedKey> keys;
    private final Log log;

    public SignatureVerifier(List<TrustedKey> keys, Log log) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys");
        }
        this.keys = List.copyOf(keys);
        this.log = log;
    }

    /**
     * @param image  the image as messages name it
     * @param pinned the signature manifest a lock file recorded for this digest, or {@code null}
     * @return every valid signature found (at least one)
     */
    public List<VerifiedSignature> verify(String image, SignedSubject subject, SignatureSource source, Digest pinned) {
        Findings findings = new Findings();
        if (pinned != null) {
            findings.addAll(check(source.manifest(pinned), source, subject));
        } else {
            Optional<Manifest> simple = source.tagged(SimpleSigning.tag(subject.digest()));
            simple.ifPresent(manifest -> findings.addAll(SimpleSigning.verify(manifest, source, subject, keys)));
            if (findings.verified().isEmpty()) {
                for (SignatureSource.Referrer referrer :
                        source.referrers(subject.digest(), SigstoreBundle.MEDIA_TYPES)) {
                    findings.addAll(bundle(source.manifest(referrer.digest()), source, subject));
                }
            }
        }
        List<VerifiedSignature> verified = findings.verified();
        if (verified.isEmpty()) {
            throw new BlobDownloaderException(failure(image, subject, findings, pinned), true);
        }
        VerifiedSignature first = verified.get(0);
        log.info("Verified the signature of " + image + " (" + subject.digest() + "): signed with " + first.keyFile()
                + " (" + first.keyType() + "), " + first.format() + " in " + first.signatureManifest()
                + (verified.size() > 1 ? "; " + verified.size() + " valid signatures in all" : ""));
        return verified;
    }

    /** A pinned signature manifest: a bundle referrer or a {@code .sig} manifest, told apart by its content. */
    private Findings check(Manifest manifest, SignatureSource source, SignedSubject subject) {
        return bundleLayer(manifest).isPresent()
                ? bundle(manifest, source, subject)
                : SimpleSigning.verify(manifest, source, subject, keys);
    }

    private Findings bundle(Manifest manifest, SignatureSource source, SignedSubject subject) {
        Findings findings = new Findings();
        String what = "referrer " + manifest.digest();
        Optional<Descriptor> layer = bundleLayer(manifest);
        if (layer.isEmpty()) {
            findings.rejected(what, "has no Sigstore bundle layer");
            return findings;
        }
        if (!subject.digest().toString().equals(subjectOf(manifest))) {
            findings.rejected(what, "is attached to another manifest, " + subjectOf(manifest));
            return findings;
        }
        byte[] bytes;
        try {
            bytes = source.blob(layer.get(), SigstoreBundle.MAX_BUNDLE_BYTES);
        } catch (SignatureSource.WrongContent e) {
            findings.rejected(
                    what,
                    "its bundle blob " + layer.get().digest()
                            + " fails its own digest (the registry served other bytes)");
            return findings;
        }
        if (bytes.length != layer.get().size() || !layer.get().digest().matches(bytes)) {
            findings.rejected(what, "its bundle blob " + layer.get().digest() + " fails its own digest");
            return findings;
        }
        return SigstoreBundle.verify(bytes, manifest.digest(), subject, keys);
    }

    private static Optional<Descriptor> bundleLayer(Manifest manifest) {
        if (!(manifest instanceof ImageManifest image)) {
            return Optional.empty();
        }
        return image.layers().stream()
                .filter(l -> SigstoreBundle.MEDIA_TYPES.contains(l.mediaType()))
                .findFirst();
    }

    private static String subjectOf(Manifest manifest) {
        return manifest instanceof ImageManifest image && image.subject() != null
                ? image.subject().digest().toString()
                : "none";
    }

    private String failure(String image, SignedSubject subject, Findings findings, Digest pinned) {
        String head = "image " + image + " (" + subject.digest() + ") ";
        String keyFiles = keys.stream()
                .map(k -> k.file().getFileName().toString())
                .distinct()
                .collect(Collectors.joining(", "));
        if (findings.rejected().isEmpty()) {
            return head + "has no signature: no " + SimpleSigning.tag(subject.digest())
                    + " signature manifest and no Sigstore bundle among its referrers; sign it with the private key of "
                    + Setting.PUBLIC_KEYS + " (cosign sign --key cosign.key " + subject.repository() + "@"
                    + subject.digest() + "), or pull an image that is signed";
        }
        List<String> rejected = findings.rejected();
        String listed = rejected.stream().limit(LISTED).collect(Collectors.joining("; "))
                + (rejected.size() > LISTED ? "; and " + (rejected.size() - LISTED) + " more" : "");
        String advice = findings.repositoryMismatch()
                ? "if this image is a mirror or re-tagged copy of the signed one, set "
                        + Setting.VERIFY_SIGNED_REPOSITORY.is("false")
                : "check that " + Setting.PUBLIC_KEYS + " holds the signer's public key and that this is the image"
                        + " that was signed";
        String pin = pinned == null
                ? ""
                : "; the signature manifest was pinned in the " + Setting.LOCK_FILE + ": "
                        + Setting.UPDATE_LOCK.is("true") + " looks for the image's signatures again";
        return head + "has no valid signature by " + Setting.PUBLIC_KEYS + " (" + keyFiles + "): " + listed + "; "
                + advice + pin;
    }
}
