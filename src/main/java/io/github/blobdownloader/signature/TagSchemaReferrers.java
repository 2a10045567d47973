package io.github.blobdownloader.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.InvalidDigestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The OCI distribution spec's referrers tag schema: a registry without the referrers API keeps, under the tag
 * {@code <alg>-<hex>}, an index listing the manifests whose subject is that digest, each entry with its
 * {@code artifactType}. Pushers (oras, cosign) update that index when they attach an artifact.
 */
public final class TagSchemaReferrers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TagSchemaReferrers() {}

    /** The tag under which the referrers of {@code subject} are listed. */
    public static String tag(Digest subject) {
        return subject.algorithm() + "-" + subject.hex();
    }

    /**
     * The referrers of {@code subject} with one of {@code artifactTypes}, read from the index {@code tagged}
     * returns for the schema's tag (empty when there is none).
     */
    public static List<SignatureSource.Referrer> find(
            Digest subject, Set<String> artifactTypes, Function<String, Optional<Manifest>> tagged) {
        Optional<Manifest> index = tagged.apply(tag(subject));
        if (index.isEmpty() || !(index.get() instanceof ImageIndex)) {
            return List.of();
        }
        List<SignatureSource.Referrer> found = new ArrayList<>();
        try {
            for (JsonNode entry : JSON.readTree(index.get().raw()).path("manifests")) {
                String type = entry.path("artifactType").asText("");
                if (artifactTypes.contains(type) && entry.path("digest").isTextual()) {
                    found.add(new SignatureSource.Referrer(
                            Digest.parse(entry.path("digest").asText()), type));
                }
            }
        } catch (IOException | InvalidDigestException e) {
            return List.copyOf(found);
        }
        return List.copyOf(found);
    }
}
