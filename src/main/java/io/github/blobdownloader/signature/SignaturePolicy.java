package io.github.blobdownloader.signature;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether and how images must be signed.
 *
 * @param publicKeys             PEM public key files; empty: signatures are not checked
 * @param verifySignedRepository whether a cosign payload must name the image's own repository
 */
public record SignaturePolicy(List<Path> publicKeys, boolean verifySignedRepository) {

    public static final SignaturePolicy NONE = new SignaturePolicy(List.of(), true);

    public SignaturePolicy {
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
    }

    public boolean required() {
        return !publicKeys.isEmpty();
    }
}
