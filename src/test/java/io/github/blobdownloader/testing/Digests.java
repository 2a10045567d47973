package io.github.blobdownloader.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** OCI content digests ({@code sha256:<hex>}) computed with the JDK only. */
public final class Digests {

    private Digests() {}

    /** Returns {@code "sha256:" + lowercase hex} of the given bytes. */
    public static String sha256(byte[] content) {
        return "sha256:" + sha256Hex(content);
    }

    /** Returns the lowercase hex SHA-256 of the given bytes, without the algorithm prefix. */
    public static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
