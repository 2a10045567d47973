package io.github.blobdownloader.reference;

import java.security.MessageDigest;

/**
 * Makes the {@link MessageDigest} that computes a digest's algorithm: the JDK's ({@link #JDK}), or another
 * implementation of the same algorithm, such as BoringSSL's for a large download.
 */
@FunctionalInterface
public interface Hasher {

    /** The JDK's digests. */
    Hasher JDK = Digest::newMessageDigest;

    /** A fresh digest of {@code digest}'s algorithm. */
    MessageDigest newMessageDigest(Digest digest);
}
