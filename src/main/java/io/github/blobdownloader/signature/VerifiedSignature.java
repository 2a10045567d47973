package io.github.blobdownloader.signature;

import io.github.blobdownloader.reference.Digest;
import java.nio.file.Path;

/**
 * A signature that verified.
 *
 * @param keyFile           the configured key file it verified with
 * @param keyType           e.g. {@code ECDSA P-256}
 * @param format            {@code cosign-simple-signing}, {@code sigstore-bundle-message-signature} or
 *                          {@code sigstore-bundle-dsse}
 * @param signatureManifest the manifest carrying it: the {@code .sig} manifest or the bundle's referrer
 */
public record VerifiedSignature(Path keyFile, String keyType, String format, Digest signatureManifest) {

    public static final String SIMPLE_SIGNING = "cosign-simple-signing";
    public static final String BUNDLE_MESSAGE = "sigstore-bundle-message-signature";
    public static final String BUNDLE_DSSE = "sigstore-bundle-dsse";
}
