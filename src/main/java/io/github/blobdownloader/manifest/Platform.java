package io.github.blobdownloader.manifest;

import io.github.blobdownloader.BlobDownloaderException;
import java.util.Locale;

/**
 * A platform {@code os/architecture[/variant]}, as in an image index and in the {@code platform} parameter.
 * Matching follows the usual normalisation: {@code arm64} without a variant means {@code v8}, {@code arm}
 * without a variant means {@code v7}, {@code amd64} has no variant.
 *
 * @param variant may be {@code null}
 */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    /**
     * Parses {@code os/arch[/variant]}.
     *
     * @throws BlobDownloaderException naming the {@code platform} parameter when the value is malformed
     */
    public static Platform parse(String value) {
        String[] parts = value == null ? new String[0] : value.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new BlobDownloaderException("invalid platform '" + value + "' (<platform> / -Dblob.platform):"
                    + " expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8, or 'all'", true);
        }
        return new Platform(parts[0], normalizeArch(parts[1]), parts.length == 3 ? parts[2] : null);
    }

    /** Whether an index entry with platform {@code candidate} satisfies this requested platform. */
    public boolean matches(Platform candidate) {
        if (candidate == null) {
            return false;
        }
        if (!os.equals(candidate.os) || !architecture.equals(normalizeArch(candidate.architecture))) {
            return false;
        }
        if (variant == null) {
            // No variant asked: accept the default variant or none at all.
            String candidateVariant = effectiveVariant(candidate);
            return candidateVariant == null || candidateVariant.equals(defaultVariant(architecture));
        }
        return variant.equals(effectiveVariant(candidate));
    }

    private static String effectiveVariant(Platform p) {
        return p.variant != null && !p.variant.isEmpty() ? p.variant : defaultVariant(normalizeArch(p.architecture));
    }

    private static String defaultVariant(String arch) {
        return switch (arch) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            default -> null;
        };
    }

    private static String normalizeArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    /** A name safe for a folder: {@code linux-arm64-v8}. */
    public String folderName() {
        return variant == null ? os + "-" + architecture : os + "-" + architecture + "-" + variant;
    }

    @Override
    public String toString() {
        return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }
}
