package io.github.blobdownloader.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * An OCI image layout: {@code oci-layout}, {@code index.json} and {@code blobs/<alg>/<hex>}. Manifests and
 * indexes are stored as the exact bytes the registry served, so every digest still matches; or, with
 * {@code ociMediaTypes}, Docker-typed ones are converted to OCI media types ({@link OciConversion}) under new
 * digests, and the entry names the registry's digest in {@link #REGISTRY_DIGEST}. Several images
 * and several runs share one layout: each adds its entry to {@code index.json} (replacing the entry with the
 * same tag) under a lock, and blobs shared between images are stored once.
 *
 * <p>Order matters for readers and interrupted builds: every blob is in place before the manifest that
 * names it, and every manifest before {@code index.json} names it.
 */
public final class OciLayout implements OutputLayout {

    /** The annotation {@code skopeo oci:DIR:TAG} and other tools look the tag up by. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The full image name, as containerd ({@code ctr image import}) reads it. */
    public static final String IMAGE_NAME = "io.containerd.image.name";
    /**
     * On an entry whose manifest was converted to OCI media types: the digest the registry serves, which
     * the lock file and {@code blob.result.digest} name.
     */
    public static final String REGISTRY_DIGEST = "io.github.blobdownloader.registry.digest";

    static final String LOCK_FILE = ".index.json.lock";

    private static final byte[] OCI_LAYOUT_FILE = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final Path directory;
    private final ImageReference reference;
    private final boolean ociMediaTypes;
    private final Log log;
    /** The manifest stored for each registry digest: the same, or its conversion. */
    private final Map<Digest, Manifest> stored = new ConcurrentHashMap<>();
    /** The referrers stored with the images, listed in {@code index.json} by {@link #complete}. */
    private final Queue<ImageManifest> referrers = new ConcurrentLinkedQueue<>();

    OciLayout(Path directory, ImageReference reference, boolean ociMediaTypes, Log log) {
        this.directory = directory;
        this.reference = reference;
        this.ociMediaTypes = ociMediaTypes;
        this.log = log;
    }

    @Override
    public Path blobPath(Descriptor blob, boolean config) {
        return blobFile(blob.digest());
    }

    private Path blobFile(Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public boolean isPresent(Descriptor blob, boolean config) {
        // Only verified content is ever renamed to a digest's name, so the size is check enough.
        return ContentCheck.holds(blobPath(blob, config), blob.digest(), blob.size(), false);
    }

    @Override
    public boolean keepsWholeIndex() {
        return true;
    }

    @Override
    public void finish(PulledImage image) {
        ImageManifest manifest = image.manifest();
        Manifest kept = ociMediaTypes ? OciConversion.manifest(manifest) : manifest;
        stored.put(manifest.digest(), kept);
        storeManifest(kept);
    }

    /**
     * A referrer's blobs and manifest go among the layout's blobs, byte for byte (its digest is what the
     * registry lists; a conversion would break that), and {@link #complete} lists it in {@code index.json}.
     */
    @Override
    public OutputLayout forReferrer(Descriptor referrer) {
        OciLayout layout = this;
        return new OutputLayout() {
            @Override
            public Path blobPath(Descriptor blob, boolean config) {
                return layout.blobPath(blob, config);
            }

            @Override
            public boolean isPresent(Descriptor blob, boolean config) {
                return layout.isPresent(blob, config);
            }

            @Override
            public void finish(PulledImage image) {
                storeManifest(image.manifest());
                referrers.add(image.manifest());
            }

            @Override
            public OutputLayout forReferrer(Descriptor next) {
                return layout.forReferrer(next);
            }
        };
    }

    @Override
    public void complete(Manifest top, List<PulledImage> images) {
        ObjectNode entry;
        if (top instanceof ImageIndex index && holdsEveryEntry(index, images)) {
            ImageIndex kept = ociMediaTypes ? OciConversion.index(index, stored) : index;
            storeManifest(kept);
            entry = descriptor(kept, index.digest(), null);
        } else if (images.size() == 1) {
            Digest registryDigest = images.get(0).manifest().digest();
            entry = descriptor(
                    stored.get(registryDigest), registryDigest, images.get(0).platform());
        } else {
            throw new IllegalStateException("an OCI layout entry names one image or a whole index");
        }
        if (!Files.isRegularFile(directory.resolve("oci-layout"))) {
            AtomicFiles.writeBytes(directory.resolve("oci-layout"), OCI_LAYOUT_FILE);
        }
        try (DirectoryLock lock = DirectoryLock.acquire(directory.resolve(LOCK_FILE))) {
            Path indexFile = directory.resolve("index.json");
            ObjectNode index = readIndex(indexFile);
            ArrayNode manifests = index.withArray("manifests");
            int at = removeReplaced(manifests, entry);
            manifests.insert(at < 0 ? manifests.size() : at, entry);
            for (ObjectNode referrer : referrerEntries()) {
                removeReplaced(manifests, referrer);
                manifests.add(referrer);
            }
            AtomicFiles.writeBytes(indexFile, JsonTrees.pretty(index));
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot write " + directory.resolve("index.json") + ": " + e.getMessage(), false, e);
        }
        String digest = entry.path("digest").asText();
        log.info("OCI layout " + directory + ": " + reference + " recorded in index.json"
                + (reference.tag() != null ? " as " + reference.tag() : "")
                + (entry.path("annotations").has(REGISTRY_DIGEST)
                        ? ", converted to OCI media types as " + digest + " (" + Setting.OCI_MEDIA_TYPES.is("false")
                                + " keeps the registry's bytes)"
                        : ""));
    }

    /**
     * The index.json entries for the referrers: each referrer untagged (oras finds a subject's referrers among
     * the manifests index.json names), and per subject an index of its referrers under the tag schema's
     * {@code sha256-<hex>} tag (as regctl reads referrers from a layout).
     */
    private List<ObjectNode> referrerEntries() {
        List<ObjectNode> entries = new ArrayList<>();
        Map<Digest, List<ImageManifest>> bySubject = new LinkedHashMap<>();
        for (ImageManifest referrer : referrers) {
            ObjectNode entry = JsonTrees.object();
            entry.put("mediaType", referrer.mediaType());
            entry.put("digest", referrer.digest().toString());
            entry.put("size", referrer.raw().length);
            if (referrer.effectiveArtifactType() != null) {
                entry.put("artifactType", referrer.effectiveArtifactType());
            }
            if (!entries.stream().anyMatch(e -> e.path("digest").equals(entry.path("digest")))) {
                entries.add(entry);
            }
            if (referrer.subject() != null) {
                bySubject
                        .computeIfAbsent(referrer.subject().digest(), d -> new ArrayList<>())
                        .add(referrer);
            }
        }
        bySubject.forEach((subject, list) -> {
            ObjectNode listing = JsonTrees.object();
            listing.put("schemaVersion", 2);
            listing.put("mediaType", MediaTypes.OCI_INDEX);
            ArrayNode manifests = listing.putArray("manifests");
            list.stream().distinct().forEach(referrer -> {
                ObjectNode d = manifests.addObject();
                d.put("mediaType", referrer.mediaType());
                d.put("digest", referrer.digest().toString());
                d.put("size", referrer.raw().length);
                d.put("artifactType", referrer.effectiveArtifactType());
                if (!referrer.annotations().isEmpty()) {
                    ObjectNode a = d.putObject("annotations");
                    new TreeMap<>(referrer.annotations()).forEach(a::put);
                }
            });
            byte[] bytes = JsonTrees.compact(listing);
            Digest digest = Digest.sha256Of(bytes);
            Path file = blobFile(digest);
            if (!ContentCheck.hasSize(file, bytes.length)) {
                AtomicFiles.writeBytes(file, bytes);
            }
            ObjectNode entry = JsonTrees.object();
            entry.put("mediaType", MediaTypes.OCI_INDEX);
            entry.put("digest", digest.toString());
            entry.put("size", bytes.length);
            entry.putObject("annotations").put(REF_NAME, subject.referrersTag());
            entries.add(entry);
            if (!stored.containsKey(subject)
                    && stored.values().stream().noneMatch(m -> m.digest().equals(subject))) {
                log.warn("OCI layout " + directory + ": referrers of " + reference + " name " + subject
                        + ", which this layout holds only converted to OCI media types, under another digest; "
                        + Setting.OCI_MEDIA_TYPES.is("false") + " keeps the image as the referrers name it");
            }
        });
        return entries;
    }

    private static boolean holdsEveryEntry(ImageIndex index, List<PulledImage> images) {
        Set<Digest> pulled = images.stream().map(i -> i.manifest().digest()).collect(Collectors.toSet());
        return index.manifests().stream().allMatch(d -> pulled.contains(d.digest()));
    }

    private void storeManifest(Manifest manifest) {
        Path file = blobFile(manifest.digest());
        if (!ContentCheck.hasSize(file, manifest.raw().length)) {
            AtomicFiles.writeBytes(file, manifest.raw());
        }
    }

    /** The index.json entry for the stored {@code manifest}, pulled from the registry as {@code registryDigest}. */
    private ObjectNode descriptor(Manifest manifest, Digest registryDigest, Platform platform) {
        ObjectNode entry = JsonTrees.object();
        entry.put("mediaType", manifest.mediaType());
        entry.put("digest", manifest.digest().toString());
        entry.put("size", manifest.raw().length);
        if (platform != null) {
            ObjectNode p = entry.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
            if (platform.osVersion() != null) {
                p.put("os.version", platform.osVersion());
            }
        }
        ObjectNode annotations = entry.putObject("annotations");
        annotations.put(IMAGE_NAME, reference.withDigest(null).toString());
        if (reference.tag() != null) {
            annotations.put(REF_NAME, reference.tag());
        }
        if (!manifest.digest().equals(registryDigest)) {
            annotations.put(REGISTRY_DIGEST, registryDigest.toString());
        }
        return entry;
    }

    /**
     * Drops the entries the new one replaces: the same tag, or (untagged) the same digest without a tag.
     *
     * @return where the first of them was, so a re-run keeps the order; -1 if none
     */
    private int removeReplaced(ArrayNode manifests, ObjectNode entry) {
        String tag = entry.path("annotations").path(REF_NAME).asText(null);
        int first = -1;
        for (int i = manifests.size() - 1; i >= 0; i--) {
            JsonNode old = manifests.get(i);
            String oldTag = old.path("annotations").path(REF_NAME).asText(null);
            boolean replaced = tag != null
                    ? tag.equals(oldTag)
                    : oldTag == null && entry.path("digest").equals(old.path("digest"));
            if (!replaced) {
                continue;
            }
            String oldName = old.path("annotations").path(IMAGE_NAME).asText(null);
            String newName = entry.path("annotations").path(IMAGE_NAME).asText();
            if (oldName != null && !oldName.equals(newName)) {
                log.warn("OCI layout " + directory + ": tag " + tag + " of " + oldName + " is replaced by " + newName
                        + "; give images with the same tag their own " + Setting.OUTPUT_DIRECTORY);
            }
            manifests.remove(i);
            first = i;
        }
        return first;
    }

    private ObjectNode readIndex(Path indexFile) throws IOException {
        if (!Files.exists(indexFile)) {
            ObjectNode index = JsonTrees.object();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            index.putArray("manifests");
            return index;
        }
        JsonNode existing;
        try {
            existing = JsonTrees.read(Files.readAllBytes(indexFile));
        } catch (IOException e) {
            existing = null;
        }
        if (existing == null
                || !existing.isObject()
                || existing.has("manifests") && !existing.get("manifests").isArray()) {
            throw new BlobDownloaderException(
                    indexFile + " is not an OCI image index; point "
                            + Setting.OUTPUT_DIRECTORY
                            + " (" + Setting.OUTPUT_DIRECTORY + ") at an empty folder or an existing OCI layout",
                    true);
        }
        return (ObjectNode) existing;
    }
}
