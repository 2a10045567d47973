package io.github.blobdownloader.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.pull.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Renders an {@link Inspection} for people ({@code text}) or programs ({@code json}). */
public enum InspectionFormat {
    TEXT,
    JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Parses the {@code format} parameter; {@code null} means text. */
    public static InspectionFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BlobDownloaderException("unknown " + Setting.FORMAT + " '" + value + "': use text or json", true);
        }
    }

    /** The output, as lines. */
    public List<String> render(Inspection inspection) {
        return this == JSON ? List.of(json(inspection)) : text(inspection);
    }

    private static List<String> text(Inspection in) {
        List<String> lines = new ArrayList<>();
        lines.add("Image:      " + in.reference());
        if (in.chosenBy() != null) {
            lines.add("Tag chosen: " + in.chosenBy());
        }
        lines.add("Digest:     " + in.digest());
        lines.add("Media type: " + in.mediaType());
        if (!in.platforms().isEmpty()) {
            lines.add("Platforms:");
            in.platforms().forEach(p -> lines.add(String.format("  %-16s %s", p.platform(), p.digest())));
        }
        for (Inspection.Image image : in.images()) {
            var manifest = image.manifest();
            lines.add("");
            lines.add((image.platform() != null ? image.platform() + ": " : "") + "manifest " + manifest.digest() + " ("
                    + manifest.mediaType() + ")");
            lines.add("  Created:  " + Objects.toString(image.config().created(), "unknown"));
            lines.add("  OS/Arch:  " + Objects.toString(image.config().platform(), "unknown"));
            lines.add("  Config:   " + blobLine(manifest.config()));
            lines.add("  Layers:   " + manifest.layers().size() + ", " + Sizes.human(manifest.totalSize())
                    + " with the config");
            manifest.layers().forEach(layer -> lines.add("    " + blobLine(layer)));
        }
        return lines;
    }

    private static String blobLine(Descriptor blob) {
        return String.format(Locale.ROOT, "%s  %10s  %s", blob.digest(), Sizes.human(blob.size()), blob.mediaType());
    }

    private static String json(Inspection in) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("reference", in.reference());
        root.put("tagChosenBy", in.chosenBy());
        root.put("digest", in.digest().toString());
        root.put("mediaType", in.mediaType());
        ArrayNode platforms = root.putArray("platforms");
        in.platforms()
                .forEach(p -> descriptor(platforms.addObject(), p)
                        .put("platform", p.platform().toString()));
        ArrayNode images = root.putArray("images");
        for (Inspection.Image image : in.images()) {
            ObjectNode node = images.addObject();
            node.put("platform", image.platform());
            node.put("digest", image.manifest().digest().toString());
            node.put("mediaType", image.manifest().mediaType());
            node.put("created", Objects.toString(image.config().created(), null));
            node.put("os", image.config().os());
            node.put("architecture", image.config().architecture());
            node.put("variant", image.config().variant());
            node.put("osVersion", image.config().osVersion());
            node.put("totalSize", image.manifest().totalSize());
            descriptor(node.putObject("config"), image.manifest().config());
            ArrayNode layers = node.putArray("layers");
            image.manifest().layers().forEach(l -> descriptor(layers.addObject(), l));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode descriptor(ObjectNode node, Descriptor d) {
        return node.put("digest", d.digest().toString()).put("size", d.size()).put("mediaType", d.mediaType());
    }
}
