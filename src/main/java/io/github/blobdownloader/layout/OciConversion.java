package io.github.blobdownloader.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Rewrites Docker-typed manifests with OCI media types, as skopeo does when it copies to {@code oci:}:
 * umoci reads only OCI manifests, and skopeo 1.9 finds only OCI entries of a layout by tag. Only media
 * types change (and, in an index, the digests and sizes of the converted manifests it names); every other
 * field is kept in its order, and configs and layers keep their bytes, so the image id (the config's
 * digest) stays the same. The result is a pure function of the registry's bytes, so every run writes the
 * same manifest under the same new digest.
 */
final class OciConversion {

    private OciConversion() {}

    /** The image manifest with OCI media types, or {@code manifest} itself when it is no Docker manifest. */
    static ImageManifest manifest(ImageManifest manifest) {
        if (!MediaTypes.DOCKER_MANIFEST.equals(manifest.mediaType())) {
            return manifest;
        }
        ObjectNode root = tree(manifest);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        convertType((ObjectNode) root.path("config"));
        root.path("layers").forEach(layer -> convertType((ObjectNode) layer));
        return (ImageManifest) reparse(root, manifest);
    }

    /**
     * The index with OCI media types, naming the converted manifests instead of the registry's; the index
     * itself when it is an OCI index whose manifests were all kept.
     *
     * @param converted the stored manifest for each registry digest
     */
    static ImageIndex index(ImageIndex index, Map<Digest, Manifest> converted) {
        boolean changed = index.manifests().stream()
                .anyMatch(d -> converted.containsKey(d.digest())
                        && !converted.get(d.digest()).digest().equals(d.digest()));
        if (!changed && !MediaTypes.DOCKER_MANIFEST_LIST.equals(index.mediaType())) {
            return index;
        }
        ObjectNode root = tree(index);
        root.put("mediaType", MediaTypes.OCI_INDEX);
        for (JsonNode node : root.path("manifests")) {
            ObjectNode entry = (ObjectNode) node;
            Manifest stored = converted.get(Digest.parse(entry.path("digest").asText()));
            if (stored != null) {
                entry.put("mediaType", stored.mediaType());
                entry.put("digest", stored.digest().toString());
                entry.put("size", stored.raw().length);
            }
        }
        return (ImageIndex) reparse(root, index);
    }

    private static void convertType(ObjectNode descriptor) {
        descriptor.put(
                "mediaType",
                MediaTypes.ociEquivalent(descriptor.path("mediaType").asText()));
    }

    private static ObjectNode tree(Manifest manifest) {
        try {
            return (ObjectNode) JsonTrees.read(manifest.raw());
        } catch (IOException e) {
            // The parser read these very bytes before.
            throw new UncheckedIOException(e);
        }
    }

    private static Manifest reparse(ObjectNode root, Manifest original) {
        byte[] bytes = JsonTrees.compact(root);
        return ManifestParser.parse(
                bytes, null, Digest.sha256Of(bytes), original.digest().toString());
    }
}
