package io.github.blobdownloader.referrers;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.registry.NotFoundException;
import io.github.blobdownloader.registry.ReferrersLister;
import io.github.blobdownloader.registry.RegistryClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what refers to a manifest, as the OCI distribution spec has clients do it: the referrers API, and
 * where the registry lacks it (a 404), the index tagged {@code <alg>-<hex>} that pushers keep up to date
 * instead (the tag schema).
 */
public final class ReferrerFinder {

    /** How the referrers were found. */
    public enum Source {
        API("the referrers API"),
        TAG_SCHEMA("the referrers tag schema");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * @param referrers the descriptors kept by the filter, each digest once, in the registry's order
     * @param source    where they came from
     */
    public record Found(List<Descriptor> referrers, Source source) {
        public Found {
            referrers = List.copyOf(referrers);
        }
    }

    private ReferrerFinder() {}

    /** The referrers of {@code subject} in {@code repository} that {@code types} keeps. */
    public static Found find(RegistryClient client, String repository, Digest subject, ReferrerTypes types, Log log) {
        // The API filters one type at a time; several are filtered here.
        String askFor = types.types().size() == 1 ? types.types().get(0) : null;
        Optional<ReferrersLister.Listing> listing = client.referrers().list(repository, subject, askFor);
        if (listing.isPresent()) {
            return new Found(kept(listing.get().referrers(), types), Source.API);
        }
        String tag = subject.referrersTag();
        log.debug("Registry " + client.endpoint().registry() + " has no referrers API; reading the tag " + tag);
        Manifest tagged;
        try {
            tagged = client.manifests()
                    .fetch(repository, tag, null, client.endpoint().registry() + "/" + repository + ":" + tag);
        } catch (NotFoundException e) {
            return new Found(List.of(), Source.TAG_SCHEMA);
        }
        if (!(tagged instanceof ImageIndex index)) {
            log.warn("Tag " + tag + " of " + client.endpoint().registry() + "/" + repository
                    + " is not an image index, so it lists no referrers of " + subject + "; ignoring it");
            return new Found(List.of(), Source.TAG_SCHEMA);
        }
        return new Found(kept(index.manifests(), types), Source.TAG_SCHEMA);
    }

    private static List<Descriptor> kept(List<Descriptor> all, ReferrerTypes types) {
        Map<Digest, Descriptor> unique = new LinkedHashMap<>();
        for (Descriptor d : all) {
            if (types.keeps(d)) {
                unique.putIfAbsent(d.digest(), d);
            }
        }
        return List.copyOf(unique.values());
    }
}
