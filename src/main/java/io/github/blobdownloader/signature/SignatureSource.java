package io.github.blobdownloader.signature;

import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where signatures are read from: the signed image's repository, through the cache and the registry (or the
 * cache alone offline). The pull supplies it; verification itself sends nothing.
 */
public interface SignatureSource {

    /** The manifest {@code tag} names in the image's repository; empty when there is no such tag. */
    Optional<Manifest> tagged(String tag);

    /** A manifest of the image's repository by digest, its bytes checked against it. */
    Manifest manifest(Digest digest);

    /**
     * A small blob of the image's repository, at most {@code maxBytes}.
     *
     * @throws WrongContent when the bytes served do not match the descriptor's size and digest
     */
    byte[] blob(Descriptor blob, int maxBytes);

    /** The manifests naming {@code subject} as their subject, with one of {@code artifactTypes}. */
    List<Referrer> referrers(Digest subject, Set<String> artifactTypes);

    /** A manifest that refers to another: its digest and artifact type. */
    record Referrer(Digest digest, String artifactType) {}

    /** Content that does not match its descriptor: the signature material is broken or forged. */
    final class WrongContent extends RuntimeException {
        public WrongContent(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
