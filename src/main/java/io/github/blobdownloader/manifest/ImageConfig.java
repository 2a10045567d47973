package io.github.blobdownloader.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.json.JsonTrees;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The few fields of an image config the plugin reads: when it was created and for which platform.
 *
 * @param created      the config's {@code created} time, or {@code null} when absent or unreadable
 * @param os           {@code os}, or {@code null}
 * @param architecture {@code architecture}, or {@code null}
 * @param variant      {@code variant}, or {@code null}
 * @param osVersion    {@code os.version} (Windows images carry their build), or {@code null}
 */
public record ImageConfig(Instant created, String os, String architecture, String variant, String osVersion) {

    /** Reads a config blob; anything unreadable leaves the field {@code null} rather than failing. */
    public static ImageConfig parse(byte[] json) {
        JsonNode root;
        try {
            root = JsonTrees.read(json);
        } catch (IOException e) {
            return new ImageConfig(null, null, null, null, null);
        }
        if (root == null || !root.isObject()) {
            return new ImageConfig(null, null, null, null, null);
        }
        return new ImageConfig(
                timestamp(root.path("created").asText(null)),
                text(root, "os"),
                text(root, "architecture"),
                text(root, "variant"),
                text(root, "os.version"));
    }

    /** {@code os/arch[/variant][:os.version]} as the config states it, or {@code null}. */
    public String platform() {
        if (os == null || architecture == null) {
            return null;
        }
        return new Platform(os, architecture, variant, osVersion).toString();
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || !node.isTextual() || node.asText().isEmpty() ? null : node.asText();
    }

    /** RFC 3339, with any offset and fraction; the image spec's format for {@code created}. */
    private static Instant timestamp(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
