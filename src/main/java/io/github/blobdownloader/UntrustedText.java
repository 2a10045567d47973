package io.github.blobdownloader;

/** Text from a server or a helper program is untrusted: it reaches the build log only printable and short. */
public final class UntrustedText {

    private static final int MAX_LENGTH = 200;

    private UntrustedText() {}

    /** Printable ASCII only (anything else becomes a space), trimmed, at most 200 characters. */
    public static String printable(String s) {
        String cleaned = s.replaceAll("[^\\x20-\\x7e]", " ").trim();
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) + "..." : cleaned;
    }
}
