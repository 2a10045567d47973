package io.github.blobdownloader.tags;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import java.util.Locale;

/** How a tag is chosen when the user gives neither a tag nor a digest. */
public enum TagStrategy {
    /** The tag {@code latest}. */
    LATEST,
    /** The highest release version among the tags. */
    SEMVER,
    /** The tag whose image config has the most recent {@code created} time. */
    NEWEST;

    /** Parses the {@code tagStrategy} parameter; {@code null} or blank means {@link #LATEST}. */
    public static TagStrategy parse(String value) {
        if (value == null || value.isBlank()) {
            return LATEST;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BlobDownloaderException(
                    "unknown " + Setting.TAG_STRATEGY + " '" + value + "': use latest, semver or newest", true);
        }
    }

    /** The name users write: {@code latest}, {@code semver}, {@code newest}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
