package io.github.blobdownloader.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.pull.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
        artifactLines(lines, "", in.top());
        if (!in.platforms().isEmpty()) {
            lines.add("Platforms:");
            in.platforms().forEach(p -> lines.add(String.format("  %-16s %s", p.platform(), p.digest())));
        }
        for (Inspection.Image image : in.images()) {
            var manifest = image.manifest();
            lines.add("");
            lines.add((image.platform() != null ? image.platform() + ": " : "") + "manifest " + manifest.digest() + " ("
                    + manifest.mediaType() + ")");
            if (image.manifest() != in.top()) {
                artifactLines(lines, "  ", image.manifest());
            }
            if (!image.manifest().isArtifact()) {
                lines.add("  Created:  " + Objects.toString(image.config().created(), "unknown"));
                lines.add("  OS/Arch:  " + Objects.toString(image.config().platform(), "unknown"));
            }
            lines.add("  Config:   " + blobLine(manifest.config()));
            lines.add("  Layers:   " + manifest.layers().size() + ", " + Sizes.human(manifest.totalSize())
                    + " with the config");
            manifest.layers()
                    .forEach(layer -> lines.add("    " + blobLine(layer)
                            + (layer.title() == null ? "" : "  " + UntrustedText.printable(layer.title()))));
            if (image.referrers() != null) {
                referrerLines(lines, "  ", image.referrers());
            }
        }
        lines.add("");
        referrerLines(lines, "", in.referrers());
        return lines;
    }

    /** artifactType, subject and annotations, where the manifest has them. */
    private static void artifactLines(List<String> lines, String indent, Manifest manifest) {
        String artifactType = manifest instanceof ImageManifest m
                ? (m.isArtifact() ? m.effectiveArtifactType() : null)
                : ((ImageIndex) manifest).artifactType();
        Descriptor subject = manifest instanceof ImageManifest m ? m.subject() : ((ImageIndex) manifest).subject();
        Map<String, String> annotations =
                manifest instanceof ImageManifest m ? m.annotations() : ((ImageIndex) manifest).annotations();
        if (artifactType != null) {
            lines.add(indent + "Artifact type: " + UntrustedText.printable(artifactType));
        }
        if (subject != null) {
            lines.add(indent + "Subject:    " + subject.digest() + " (" + subject.mediaType() + ")");
        }
        if (!annotations.isEmpty()) {
            lines.add(indent + "Annotations:");
            new TreeMap<>(annotations)
                    .forEach((k, v) ->
                            lines.add(indent + "  " + UntrustedText.printable(k) + ": " + UntrustedText.printable(v)));
        }
    }

    private static void referrerLines(List<String> lines, String indent, Inspection.Referrers referrers) {
        if (referrers.problem() != null) {
            lines.add(indent + "Referrers:  could not be listed (" + referrers.problem() + ")");
            return;
        }
        lines.add(indent + "Referrers:  " + referrers.found().size() + " (" + referrers.source() + ")");
        referrers
                .found()
                .forEach(r -> lines.add(indent + "  " + blobLine(r) + "  "
                        + UntrustedText.printable(Objects.toString(r.artifactType(), "no artifactType"))));
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
        artifactFields(root, in.top());
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
            artifactFields(node, image.manifest());
            descriptor(node.putObject("config"), image.manifest().config());
            ArrayNode layers = node.putArray("layers");
            image.manifest().layers().forEach(l -> descriptor(layers.addObject(), l));
            if (image.referrers() != null) {
                referrerFields(node, image.referrers());
            }
        }
        referrerFields(root, in.referrers());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode descriptor(ObjectNode node, Descriptor d) {
        node.put("digest", d.digest().toString()).put("size", d.size()).put("mediaType", d.mediaType());
        if (d.artifactType() != null) {
            node.put("artifactType", d.artifactType());
        }
        if (!d.annotations().isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            new TreeMap<>(d.annotations()).forEach(a::put);
        }
        return node;
    }

    private static void artifactFields(ObjectNode node, Manifest manifest) {
        String artifactType;
        Descriptor subject;
        Map<String, String> annotations;
        if (manifest instanceof ImageManifest m) {
            artifactType = m.isArtifact() ? m.effectiveArtifactType() : null;
            subject = m.subject();
            annotations = m.annotations();
        } else {
            ImageIndex index = (ImageIndex) manifest;
            artifactType = index.artifactType();
            subject = index.subject();
            annotations = index.annotations();
        }
        node.put("artifactType", artifactType);
        if (subject != null) {
            descriptor(node.putObject("subject"), subject);
        } else {
            node.putNull("subject");
        }
        ObjectNode a = node.putObject("annotations");
        new TreeMap<>(annotations).forEach(a::put);
    }

    private static void referrerFields(ObjectNode node, Inspection.Referrers referrers) {
        ObjectNode r = node.putObject("referrers");
        r.put("source", referrers.source());
        r.put("problem", referrers.problem());
        ArrayNode list = r.putArray("manifests");
        referrers.found().forEach(d -> descriptor(list.addObject(), d));
    }
}
