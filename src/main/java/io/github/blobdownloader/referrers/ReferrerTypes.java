package io.github.blobdownloader.referrers;

import io.github.blobdownloader.manifest.Descriptor;
import java.util.Arrays;
import java.util.List;

/**
 * Which referrers to keep, by artifactType: all of them, or those whose type is in the list.
 *
 * @param types exact artifactTypes; empty for all
 */
public record ReferrerTypes(List<String> types) {

    public static final ReferrerTypes ALL = new ReferrerTypes(List.of());

    public ReferrerTypes {
        types = List.copyOf(types);
    }

    /** From a comma list such as {@code application/spdx+json, application/vnd.cyclonedx+json}; blank for all. */
    public static ReferrerTypes parse(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return ALL;
        }
        return new ReferrerTypes(Arrays.stream(commaList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList());
    }

    public boolean keepsAll() {
        return types.isEmpty();
    }

    public boolean keeps(Descriptor referrer) {
        return types.isEmpty() || types.contains(referrer.artifactType());
    }

    @Override
    public String toString() {
        return types.isEmpty() ? "any type" : String.join(", ", types);
    }
}
