package io.github.blobdownloader.manifest;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.reference.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An OCI image index or Docker manifest list: one manifest per platform (or, for a referrers list, one per
 * referrer).
 *
 * @param artifactType the index's {@code artifactType}, or {@code null}
 * @param subject      the manifest this index refers to, or {@code null}
 * @param annotations  never {@code null}
 */
public record ImageIndex(
        String mediaType,
        List<Descriptor> manifests,
        String artifactType,
        Descriptor subject,
        Map<String, String> annotations,
        byte[] raw,
        Digest digest)
        implements Manifest {

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public ImageIndex(String mediaType, List<Descriptor> manifests, byte[] raw, Digest digest) {
        this(mediaType, manifests, null, null, Map.of(), raw, digest);
    }

    /** The first entry whose platform matches, ignoring attestation and other non-image entries. */
    public Optional<Descriptor> select(Platform wanted) {
        return imageEntries().stream().filter(d -> wanted.matches(d.platform())).findFirst();
    }

    /**
     * The entry to pull for {@code wanted}: the first that matches, as go-containerregistry and containerd
     * (off Windows) take it. When several match (Windows builds that differ only in os.version), says in the
     * log which one was taken and how to ask for another.
     *
     * @param image the image, for messages
     * @throws BlobDownloaderException listing what the index offers when nothing matches
     */
    public Descriptor choose(Platform wanted, String image, Log log) {
        List<Descriptor> matching = imageEntries().stream()
                .filter(d -> wanted.matches(d.platform()))
                .toList();
        if (matching.isEmpty()) {
            throw new BlobDownloaderException(
                    "image " + image + " has no " + wanted + " variant; it offers: " + platformList() + ". Set "
                            + Setting.PLATFORM + " to one of them",
                    true);
        }
        Descriptor first = matching.get(0);
        if (matching.size() > 1) {
            log.warn("Image " + image + " has " + matching.size() + " " + wanted + " entries that differ in"
                    + " os.version ("
                    + matching.stream()
                            .map(d -> String.valueOf(d.platform().osVersion()))
                            .collect(Collectors.joining(", "))
                    + "); taking the first, " + first.platform()
                    + ". Set " + Setting.PLATFORM + " to " + matching.get(1).platform() + " to pick another");
        }
        return first;
    }

    /** Entries that are runnable images: a platform other than {@code unknown/unknown}. */
    public List<Descriptor> imageEntries() {
        return manifests.stream()
                .filter(d ->
                        d.platform() != null && !"unknown".equals(d.platform().os()))
                .toList();
    }

    /**
     * How lists and folder names call an entry's platform: with its os.version only when another image entry
     * has the same os, architecture and variant, so {@code windows/amd64} stays short unless it is ambiguous.
     */
    @SuppressWarnings("ReferenceEquality") // every other entry: an equal duplicate is another entry
    public Platform label(Descriptor entry) {
        Platform platform = entry.platform();
        if (platform == null || platform.osVersion() == null) {
            return platform;
        }
        boolean ambiguous =
                imageEntries().stream().anyMatch(other -> other != entry && platform.sameKind(other.platform()));
        return ambiguous ? platform : platform.withOsVersion(null);
    }

    /** The platforms on offer, for messages. */
    public String platformList() {
        return imageEntries().stream().map(d -> label(d).toString()).distinct().collect(Collectors.joining(", "));
    }
}
