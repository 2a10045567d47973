package io.github.blobdownloader.layout;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Media types as the user lists them ({@code mediaTypes}, {@code artifactType}): exact types, or globs whose
 * {@code *} stands for any run of characters ({@code application/vnd.foo.*}). Matching is exact otherwise:
 * media types are case-insensitive by RFC 6838, but registries and tools spell them in lower case.
 *
 * @param patterns what the user listed, trimmed; empty means every type
 */
public record MediaTypeFilter(List<String> patterns) {

    /** Keeps every type. */
    public static final MediaTypeFilter ALL = new MediaTypeFilter(List.of());

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9!#$&^_.+*/-]*");

    public MediaTypeFilter {
        patterns = List.copyOf(patterns);
    }

    /**
     * Parses a comma list.
     *
     * @param setting the setting it came from, for the message
     * @param value   {@code null} or blank for every type
     */
    public static MediaTypeFilter parse(String value, Setting setting) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        List<String> patterns = Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        for (String pattern : patterns) {
            if (!VALID.matcher(pattern).matches()) {
                throw new BlobDownloaderException(
                        setting + " has '" + pattern + "', which is no media type: list types such as"
                                + " application/vnd.oci.image.layer.v1.tar+gzip, or globs such as application/vnd.example.*",
                        true);
            }
        }
        return new MediaTypeFilter(patterns);
    }

    public boolean isAll() {
        return patterns.isEmpty();
    }

    public boolean accepts(String mediaType) {
        if (isAll()) {
            return true;
        }
        String type = mediaType == null ? "" : mediaType;
        return patterns.stream().anyMatch(p -> matches(p, type));
    }

    private static boolean matches(String pattern, String type) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(type);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(regex.toString(), type);
    }

    /** {@code a, b/*}: the list as the user gave it. */
    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
