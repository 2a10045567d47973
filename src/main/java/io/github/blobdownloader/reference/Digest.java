package io.github.blobdownloader.reference;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as defined by the OCI image spec ({@code algorithm ":" encoded}). Only the registered
 * algorithms {@code sha256} and {@code sha512} are accepted, with their exact lowercase hex length, so a
 * digest can safely become part of a URL or a file name.
 */
public record Digest(String algorithm, String hex) {

    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");
    /** The spec's general grammar, used only to tell "malformed" from "unsupported algorithm". */
    private static final Pattern GENERAL = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    public Digest {
        Pattern expected = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default ->
                throw new InvalidDigestException(
                        "unsupported digest algorithm '" + safe(algorithm) + "' (supported: sha256, sha512)");
        };
        if (!expected.matcher(hex).matches()) {
            throw new InvalidDigestException("malformed " + algorithm + " digest '" + safe(algorithm + ":" + hex)
                    + "': expected " + (algorithm.equals("sha256") ? 64 : 128) + " lowercase hex characters");
        }
    }

    /** Parses and validates {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
    public static Digest parse(String value) {
        if (value == null) {
            throw new InvalidDigestException("missing digest");
        }
        int colon = value.indexOf(':');
        if (colon <= 0 || !GENERAL.matcher(value).matches()) {
            throw new InvalidDigestException(
                    "malformed digest '" + safe(value) + "': expected algorithm:hex, e.g. sha256:<64 hex characters>");
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    /** Digest of in-memory bytes (manifests and other small documents only). */
    public static Digest sha256Of(byte[] bytes) {
        MessageDigest md = newSha256();
        return new Digest("sha256", HexFormat.of().formatHex(md.digest(bytes)));
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    /** Builds the digest a finished {@link MessageDigest} computed, in this digest's algorithm. */
    public Digest sameAlgorithm(byte[] computed) {
        return new Digest(algorithm, HexFormat.of().formatHex(computed));
    }

    /** Whether {@code bytes} hash to this digest. */
    public boolean matches(byte[] bytes) {
        return MessageDigest.isEqual(
                newMessageDigest().digest(bytes), HexFormat.of().parseHex(hex));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    /** Keeps hostile input short and printable in messages. */
    private static String safe(String s) {
        String cleaned = s.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 140 ? cleaned.substring(0, 140) + "…" : cleaned;
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    // Written out: a record's generated equals and hashCode link through method handles on first use,
    // some 25 ms in a fresh JVM, on every thread that races to the same call site.
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest that && algorithm.equals(that.algorithm) && hex.equals(that.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    /**
     * The tag the OCI referrers tag schema gives this digest's referrers list: {@code <alg>-<hex>}, the
     * algorithm cut to 32 characters and the hex to 64, anything but {@code [a-zA-Z0-9._-]} made {@code -}.
     */
    public String referrersTag() {
        String alg = algorithm.replaceAll("[^a-zA-Z0-9._-]", "-");
        String ref = hex.replaceAll("[^a-zA-Z0-9._-]", "-");
        return alg.substring(0, Math.min(32, alg.length())) + "-" + ref.substring(0, Math.min(64, ref.length()));
    }
}
