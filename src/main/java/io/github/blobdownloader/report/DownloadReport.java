package io.github.blobdownloader.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes {@code download-report.json} into the output folder: what was pulled (image, tag, digest) and, per
 * platform, every blob with its digest, size, media type and file (relative to the output folder). Builds that
 * write into one folder (executions, modules, processes) merge under a lock ({@link ReportLock}, whose file is
 * gone when no one writes): a folder with one image has that image's entry as its report, as before several
 * were merged; a folder with more has {@code {"pulls": [entry, ...]}}, sorted. A pull replaces the entry of the
 * same image, tag (or digest) and platforms.
 */
public final class DownloadReport {

    public static final String FILE_NAME = "download-report.json";
    static final String LOCK_FILE = "." + FILE_NAME + ".lock";
    static final String PULLS = "pulls";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where the layout put a blob of a pulled image. */
    @FunctionalInterface
    public interface BlobFiles {
        Path fileOf(PulledImage image, Descriptor blob, boolean config);
    }

    private DownloadReport() {}

    /**
     * Records the pull of {@code images} (one per platform, all of the same reference) in the folder's report,
     * merged with what other pulls recorded there, and writes it atomically.
     */
    public static Path write(Path outputDirectory, List<PulledImage> images, BlobFiles files, Log log) {
        return record(outputDirectory, entry(outputDirectory, images, files), log);
    }

    /** Merges {@code entry} into the report of {@code outputDirectory} under the folder's report lock. */
    static Path record(Path outputDirectory, ObjectNode entry, Log log) {
        Path target = outputDirectory.resolve(FILE_NAME);
        try (ReportLock lock = ReportLock.acquire(outputDirectory.resolve(LOCK_FILE))) {
            List<ObjectNode> entries = new ArrayList<>(read(target, log));
            String key = key(entry);
            entries.removeIf(e -> key(e).equals(key));
            entries.add(entry);
            entries.sort(Comparator.comparing(DownloadReport::key));
            AtomicFiles.writeBytes(target, render(entries));
        }
        return target;
    }

    /** One pull: the unit a report holds per image. */
    static ObjectNode entry(Path outputDirectory, List<PulledImage> images, BlobFiles files) {
        ObjectNode entry = JSON.createObjectNode();
        ImageReference ref = images.get(0).reference();
        entry.put("image", ref.registry() + "/" + ref.repository());
        entry.put("tag", ref.tag());
        entry.put("digest", String.valueOf(ref.digest()));
        entry.put("mediaType", images.get(0).top().mediaType());
        ArrayNode platforms = entry.putArray("images");
        for (PulledImage image : images) {
            ObjectNode node = platforms.addObject();
            node.put(
                    "platform",
                    image.platform() == null ? null : image.platform().toString());
            node.put("manifestDigest", image.manifest().digest().toString());
            node.put("manifestMediaType", image.manifest().mediaType());
            ArrayNode blobs = node.putArray("blobs");
            addBlob(
                    blobs,
                    "config",
                    image.manifest().config(),
                    relative(
                            outputDirectory,
                            files.fileOf(image, image.manifest().config(), true)));
            for (Descriptor layer : image.manifest().layers()) {
                boolean skipped = image.skipped().contains(layer);
                addBlob(
                        blobs,
                        skipped ? "foreign layer, not downloaded" : "layer",
                        layer,
                        skipped ? null : relative(outputDirectory, files.fileOf(image, layer, false)));
            }
        }
        return entry;
    }

    /**
     * The entries of an existing report: its {@code pulls}, or the report itself when it describes one image. A
     * report that cannot be read is replaced, with a warning: it only describes files, it never is one.
     */
    private static List<ObjectNode> read(Path report, Log log) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(report));
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (IOException e) {
            log.warn("Replacing " + report + ", which cannot be read (" + e.getMessage() + ")");
            return List.of();
        }
        List<ObjectNode> entries = new ArrayList<>();
        if (root != null && root.path(PULLS).isArray()) {
            root.path(PULLS).forEach(e -> {
                if (e instanceof ObjectNode o) {
                    entries.add(o);
                }
            });
        } else if (root instanceof ObjectNode single && single.has("image")) {
            entries.add(single);
        }
        return entries;
    }

    /** Which entry a pull replaces: the same image, tag (or digest, when pulled by digest) and platforms. */
    private static String key(JsonNode entry) {
        StringBuilder key = new StringBuilder(entry.path("image").asText()).append(' ');
        key.append(
                entry.path("tag").isTextual()
                        ? entry.path("tag").asText()
                        : "@" + entry.path("digest").asText());
        List<String> platforms = new ArrayList<>();
        entry.path("images").forEach(p -> platforms.add(p.path("platform").asText("-")));
        platforms.sort(null);
        return key.append(' ').append(String.join(",", platforms)).toString();
    }

    private static byte[] render(List<ObjectNode> entries) {
        ObjectNode root;
        if (entries.size() == 1) {
            root = entries.get(0);
        } else {
            root = JSON.createObjectNode();
            root.putArray(PULLS).addAll(entries);
        }
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addBlob(ArrayNode blobs, String kind, Descriptor blob, String file) {
        blobs.addObject()
                .put("kind", kind)
                .put("digest", blob.digest().toString())
                .put("size", blob.size())
                .put("mediaType", blob.mediaType())
                .put("file", file);
    }

    private static String relative(Path base, Path file) {
        return base.toAbsolutePath()
                .relativize(file.toAbsolutePath())
                .toString()
                .replace('\\', '/');
    }
}
