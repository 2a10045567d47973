package io.github.blobdownloader.signature;

import io.github.blobdownloader.reference.Digest;

/**
 * What a signature must be about.
 *
 * @param digest          the digest being pulled: the top-level manifest's (an index's when the tag names one)
 * @param manifest        that manifest's bytes, which a Sigstore message signature signs
 * @param repository      {@code registry/repository} as the image reference names it
 * @param checkRepository whether a simple-signing payload's {@code docker-reference} must name {@code repository}
 */
public record SignedSubject(Digest digest, byte[] manifest, String repository, boolean checkRepository) {}
