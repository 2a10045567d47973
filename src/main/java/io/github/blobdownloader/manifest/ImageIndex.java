package io.github.blobdownloader.manifest;

import io.github.blobdownloader.reference.Digest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** An OCI image index or Docker manifest list: one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests, byte[] raw, Digest digest) implements Manifest {

    public ImageIndex {
        manifests = List.copyOf(manifests);
    }

    /** The first entry whose platform matches, ignoring attestation and other non-image entries. */
    public Optional<Descriptor> select(Platform wanted) {
        return imageEntries().stream().filter(d -> wanted.matches(d.platform())).findFirst();
    }

    /** Entries that are runnable images: a platform other than {@code unknown/unknown}. */
    public List<Descriptor> imageEntries() {
        return manifests.stream()
                .filter(d -> d.platform() != null && !"unknown".equals(d.platform().os()))
                .toList();
    }

    /** The platforms on offer, for messages. */
    public String platformList() {
        return imageEntries().stream().map(d -> d.platform().toString()).distinct()
                .collect(Collectors.joining(", "));
    }
}
