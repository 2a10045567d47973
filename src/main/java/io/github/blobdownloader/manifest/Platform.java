package io.github.blobdownloader.manifest;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A platform {@code os/architecture[/variant][:os.version]}, as in an image index and in the {@code platform}
 * parameter (the {@code :os.version} suffix is go-containerregistry's spelling, e.g.
 * {@code windows/amd64:10.0.20348.2461}). Matching follows the usual normalisation: {@code arm64} without a
 * variant means {@code v8}, {@code arm} without a variant means {@code v7}, {@code amd64} has no variant; a
 * request without an os.version accepts any.
 *
 * @param variant   may be {@code null}
 * @param osVersion the index entry's {@code os.version} (Windows build), may be {@code null}
 */
public record Platform(String os, String architecture, String variant, String osVersion) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    /** Characters kept in folder names; anything else a registry sends becomes {@code _}. */
    private static final Pattern UNSAFE_IN_NAMES = Pattern.compile("[^A-Za-z0-9._-]");

    public Platform(String os, String architecture, String variant) {
        this(os, architecture, variant, null);
    }

    /** The platform of a {@code platform} parameter ({@code linux/amd64} when unset), or {@code null} for {@code all}. */
    public static Platform parseOrAll(String value) {
        String v = value == null ? "linux/amd64" : value.trim();
        return v.equalsIgnoreCase("all") ? null : parse(v);
    }

    /**
     * Parses {@code os/arch[/variant][:os.version]}.
     *
     * @throws BlobDownloaderException naming the {@code platform} parameter when the value is malformed
     */
    public static Platform parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        int colon = trimmed.indexOf(':');
        String version = colon < 0 ? null : trimmed.substring(colon + 1);
        String[] parts = (colon < 0 ? trimmed : trimmed.substring(0, colon))
                .toLowerCase(Locale.ROOT)
                .split("/", -1);
        if (parts.length < 2
                || parts.length > 3
                || parts[0].isEmpty()
                || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())
                || (version != null && (version.isEmpty() || version.contains(":")))) {
            throw new BlobDownloaderException(
                    "invalid platform '" + value + "' (" + Setting.PLATFORM + "):"
                            + " expected os/arch[/variant][:os.version] such as linux/amd64, linux/arm64/v8 or"
                            + " windows/amd64:10.0.20348.2461, or 'all'",
                    true);
        }
        return new Platform(parts[0], normalizeArch(parts[1]), parts.length == 3 ? parts[2] : null, version);
    }

    /** Whether an index entry with platform {@code candidate} satisfies this requested platform. */
    public boolean matches(Platform candidate) {
        if (candidate == null) {
            return false;
        }
        if (osVersion != null && !osVersion.equals(candidate.osVersion)) {
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

    /** Whether both name the same os, architecture and effective variant, whatever their os.version. */
    public boolean sameKind(Platform other) {
        return os.equals(other.os)
                && normalizeArch(architecture).equals(normalizeArch(other.architecture))
                && Objects.equals(effectiveVariant(this), effectiveVariant(other));
    }

    /** This platform with the given os.version ({@code null} drops it). */
    public Platform withOsVersion(String version) {
        return new Platform(os, architecture, variant, version);
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

    /** A name safe for a folder: {@code linux-arm64-v8}, {@code windows-amd64-10.0.20348.2461}. */
    public String folderName() {
        String name = os + "-" + architecture + (variant == null ? "" : "-" + variant)
                + (osVersion == null ? "" : "-" + osVersion);
        return UNSAFE_IN_NAMES.matcher(name).replaceAll("_");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant)
                + (osVersion == null ? "" : ":" + osVersion);
    }
}
