package io.github.blobdownloader.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.signature.VerifiedSignature;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code download-report.json} into the output folder: what was pulled (image, tag, digest) and,
 * per platform, every blob with its digest, size, media type and file (relative to the output folder); when
 * signatures were checked, each one that verified (format, key file, the manifest carrying it).
 */
public final class DownloadReport {

    public static final String FILE_NAME = "download-report.json";

    /** Where the layout put a blob of a pulled image. */
    @FunctionalInterface
    public interface BlobFiles {
        Path fileOf(PulledImage image, Descriptor blob, boolean config);
    }

    private DownloadReport() {}

    /** Writes the report for {@code images} (one per platform, all of the same reference) atomically. */
    public static Path write(Path outputDirectory, List<PulledImage> images, BlobFiles files) {
        return write(outputDirectory, images, List.of(), files);
    }

    /** As above, with the referrers pulled with the images. */
    public static Path write(
            Path outputDirectory, List<PulledImage> images, List<PulledImage> referrers, BlobFiles files) {
        return write(outputDirectory, images, referrers, files, List.of());
    }

    /** As above, with the signatures that verified the image (none when signatures were not checked). */
    public static Path write(
            Path outputDirectory,
            List<PulledImage> images,
            List<PulledImage> referrers,
            BlobFiles files,
            List<VerifiedSignature> signatures) {
        Path target = outputDirectory.resolve(FILE_NAME);
        AtomicFiles.writeBytes(target, render(outputDirectory, images, referrers, files, signatures));
        return target;
    }

    static byte[] render(Path outputDirectory, List<PulledImage> images, BlobFiles files) {
        return render(outputDirectory, images, List.of(), files, List.of());
    }

    static byte[] render(
            Path outputDirectory,
            List<PulledImage> images,
            List<PulledImage> referrers,
            BlobFiles files,
            List<VerifiedSignature> signatures) {
        ObjectNode root = JsonTrees.object();
        ImageReference ref = images.get(0).reference();
        root.put("image", ref.registry() + "/" + ref.repository());
        root.put("tag", ref.tag());
        root.put("digest", String.valueOf(ref.digest()));
        root.put("mediaType", images.get(0).top().mediaType());
        if (!signatures.isEmpty()) {
            ArrayNode verified = root.putArray("signatures");
            for (VerifiedSignature signature : signatures) {
                verified.addObject()
                        .put("format", signature.format())
                        .put("keyFile", signature.keyFile().toString())
                        .put("keyType", signature.keyType())
                        .put("signatureManifest", signature.signatureManifest().toString());
            }
        }
        ArrayNode platforms = root.putArray("images");
        for (PulledImage image : images) {
            ObjectNode node = platforms.addObject();
            node.put(
                    "platform",
                    image.platform() == null ? null : image.platform().toString());
            addManifest(node, outputDirectory, image, files);
        }
        if (!referrers.isEmpty()) {
            ArrayNode list = root.putArray("referrers");
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
        return JsonTrees.prettyFile(root);
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
