package io.github.blobdownloader.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.signature.VerifiedSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes {@code download-report.json} into the output folder: what was pulled (image, tag, digest) and, per
 * platform, every blob with its digest, size, media type and file (relative to the output folder); the
 * referrers pulled with it; when signatures were checked, each one that verified (format, key file, the
 * manifest carrying it). Builds that write into one folder (executions, modules, processes) merge under a lock
 * ({@link ReportLock}, whose file is gone when no one writes): a folder with one image has that image's entry as
 * its report, as before several were merged; a folder with more has {@code {"pulls": [entry, ...]}}, sorted. A
 * pull replaces the entry of the same image, tag (or digest) and platforms.
 */
public final class DownloadReport {

    public static final String FILE_NAME = "download-report.json";
    static final String LOCK_FILE = "." + FILE_NAME + ".lock";
    static final String PULLS = "pulls";

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
        return write(outputDirectory, images, List.of(), files, List.of(), log);
    }

    /** As above, with the referrers pulled with the images and the signatures that verified them. */
    public static Path write(
            Path outputDirectory,
            List<PulledImage> images,
            List<PulledImage> referrers,
            BlobFiles files,
            List<VerifiedSignature> signatures,
            Log log) {
        return record(outputDirectory, entry(outputDirectory, images, referrers, files, signatures), log);
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
        return entry(outputDirectory, images, List.of(), files, List.of());
    }

    static ObjectNode entry(
            Path outputDirectory,
            List<PulledImage> images,
            List<PulledImage> referrers,
            BlobFiles files,
            List<VerifiedSignature> signatures) {
        ObjectNode entry = JsonTrees.object();
        ImageReference ref = images.get(0).reference();
        entry.put("image", ref.registry() + "/" + ref.repository());
        entry.put("tag", ref.tag());
        entry.put("digest", String.valueOf(ref.digest()));
        entry.put("mediaType", images.get(0).top().mediaType());
        if (!signatures.isEmpty()) {
            ArrayNode verified = entry.putArray("signatures");
            for (VerifiedSignature signature : signatures) {
                verified.addObject()
                        .put("format", signature.format())
                        .put("keyFile", signature.keyFile().toString())
                        .put("keyType", signature.keyType())
                        .put("signatureManifest", signature.signatureManifest().toString());
            }
        }
        ArrayNode platforms = entry.putArray("images");
        for (PulledImage image : images) {
            ObjectNode node = platforms.addObject();
            node.put(
                    "platform",
                    image.platform() == null ? null : image.platform().toString());
            addManifest(node, outputDirectory, image, files);
        }
        if (!referrers.isEmpty()) {
            ArrayNode list = entry.putArray("referrers");
            for (PulledImage referrer : referrers) {
                ObjectNode node = list.addObject();
                ImageManifest manifest = referrer.manifest();
                node.put("artifactType", manifest.effectiveArtifactType());
                node.put(
                        "subject",
                        manifest.subject() == null
                                ? null
                                : manifest.subject().digest().toString());
                addManifest(node, outputDirectory, referrer, files);
            }
        }
        return entry;
    }

    private static void addManifest(ObjectNode node, Path outputDirectory, PulledImage image, BlobFiles files) {
        node.put("manifestDigest", image.manifest().digest().toString());
        node.put("manifestMediaType", image.manifest().mediaType());
        if (image.manifest().artifactType() != null) {
            node.put("artifactType", image.manifest().artifactType());
        }
        ArrayNode blobs = node.putArray("blobs");
        Path config = files.fileOf(image, image.manifest().config(), true);
        addBlob(
                blobs,
                config == null ? "config, not written" : "config",
                image.manifest().config(),
                config == null ? null : relative(outputDirectory, config));
        for (Descriptor layer : image.manifest().layers()) {
            boolean skipped = image.skipped().contains(layer);
            ObjectNode blob = addBlob(
                    blobs,
                    skipped ? (layer.isForeign() ? "foreign layer, not downloaded" : "layer, not downloaded") : "layer",
                    layer,
                    skipped ? null : relative(outputDirectory, files.fileOf(image, layer, false)));
            if (layer.title() != null) {
                blob.put("title", layer.title());
            }
        }
    }

    /**
     * The entries of an existing report: its {@code pulls}, or the report itself when it describes one image. A
     * report that cannot be read is replaced, with a warning: it only describes files, it never is one.
     */
    private static List<ObjectNode> read(Path report, Log log) {
        JsonNode root;
        try {
            root = JsonTrees.read(Files.readAllBytes(report));
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
            root = JsonTrees.object();
            root.putArray(PULLS).addAll(entries);
        }
        return JsonTrees.prettyFile(root);
    }

    private static ObjectNode addBlob(ArrayNode blobs, String kind, Descriptor blob, String file) {
        return blobs.addObject()
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
