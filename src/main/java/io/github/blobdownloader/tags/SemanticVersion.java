package io.github.blobdownloader.tags;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version read from a tag: {@code [v]MAJOR.MINOR[.PATCH][-PRERELEASE]}. Ordered as semantic versioning
 * orders them: numerically part by part ({@code 1.10.0 > 1.9.0}), a release above its pre-releases, and
 * pre-release identifiers numeric-before-alphanumeric. A missing patch counts as 0.
 *
 * @param tag        the tag as written
 * @param major      major version
 * @param minor      minor version
 * @param patch      patch version, 0 when the tag has two parts
 * @param prerelease dot-separated pre-release identifiers; empty for a release
 */
public record SemanticVersion(String tag, long major, long minor, long patch, List<String> prerelease)
        implements Comparable<SemanticVersion> {

    /** Tags cannot hold '+', so there is no build metadata; 18 digits keep a part inside a long. */
    private static final Pattern VERSION = Pattern.compile(
            "[vV]?(\\d{1,18})\\.(\\d{1,18})(?:\\.(\\d{1,18}))?(?:-([0-9A-Za-z]+(?:\\.[0-9A-Za-z-]+)*))?");

    private static final Pattern NUMERIC = Pattern.compile("\\d{1,18}");

    private static final Comparator<SemanticVersion> ORDER = Comparator.comparingLong(SemanticVersion::major)
            .thenComparingLong(SemanticVersion::minor)
            .thenComparingLong(SemanticVersion::patch)
            .thenComparing(SemanticVersion::prerelease, SemanticVersion::comparePrerelease)
            // Equal versions written differently (1.2 and 1.2.0, v1.2.0): fixed order, so the choice is stable.
            .thenComparing(SemanticVersion::tag);

    public SemanticVersion {
        prerelease = List.copyOf(prerelease);
    }

    /** The version a tag names, or empty when the tag is not a version ({@code latest}, {@code edge}). */
    public static Optional<SemanticVersion> parse(String tag) {
        Matcher m = VERSION.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre =
                m.group(4) == null ? List.of() : Arrays.asList(m.group(4).split("\\."));
        return Optional.of(new SemanticVersion(
                tag,
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                pre));
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    @Override
    public int compareTo(SemanticVersion other) {
        return ORDER.compare(this, other);
    }

    /** A release (no identifiers) ranks above any pre-release of the same version. */
    private static int comparePrerelease(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareIdentifier(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean numA = NUMERIC.matcher(a).matches();
        boolean numB = NUMERIC.matcher(b).matches();
        if (numA && numB) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (numA != numB) {
            return numA ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
