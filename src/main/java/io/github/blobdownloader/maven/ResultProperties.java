package io.github.blobdownloader.maven;

import io.github.blobdownloader.reference.ImageReference;
import java.util.Properties;

/**
 * The project properties a download sets for later plugins. They live under {@code blob.result.}, a name no
 * parameter's user property may take: a later execution of this plugin reads project properties as its own
 * configuration, so {@code blob.tag} set here would silently become the next execution's {@code tag}.
 */
final class ResultProperties {

    static final String PREFIX = "blob.result.";

    private ResultProperties() {}

    /** {@code blob.result.} for the single image of an execution, {@code blob.result.<id>.} for one of images. */
    static String prefix(String imageId) {
        return imageId == null ? PREFIX : PREFIX + imageId + ".";
    }

    static String digest(String imageId) {
        return prefix(imageId) + "digest";
    }

    static String tag(String imageId) {
        return prefix(imageId) + "tag";
    }

    /** Sets the digest and, when there is one, the tag; returns what was set, for the log. */
    static String publish(Properties properties, String imageId, ImageReference reference) {
        properties.setProperty(digest(imageId), reference.digest().toString());
        String set = digest(imageId) + "=" + reference.digest();
        if (reference.tag() != null) {
            properties.setProperty(tag(imageId), reference.tag());
            set += ", " + tag(imageId) + "=" + reference.tag();
        }
        return set;
    }
}
