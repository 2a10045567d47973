package io.github.blobdownloader.registry;

import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI 1.1 referrers API: {@code GET /v2/<name>/referrers/<digest>}, an image index of the manifests whose
 * {@code subject} is that digest, over as many pages as its {@code Link} headers name.
 */
public final class ReferrersLister {

    /** A guard against pagination that never ends. */
    private static final int MAX_PAGES = 1_000;

    /**
     * What the API answered.
     *
     * @param referrers      the entries of every page, in the registry's order
     * @param filtersApplied whether the registry filtered by artifactType itself ({@code OCI-Filters-Applied})
     */
    public record Listing(List<Descriptor> referrers, boolean filtersApplied) {
        public Listing {
            referrers = List.copyOf(referrers);
        }
    }

    private final RegistryTransport transport;

    public ReferrersLister(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * @param artifactType ask the registry to keep only this artifactType, or {@code null} for all
     * @return empty when the registry has no referrers API (a 404), so the caller falls back to the tag schema
     */
    public Optional<Listing> list(String repository, Digest subject, String artifactType) {
        String what = "referrers of " + transport.endpoint().registry() + "/" + repository + "@" + subject;
        String query =
                artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
        RegistryCall call = RegistryCall.get(
                repository + "/referrers/" + subject + query, repository, Map.of("Accept", MediaTypes.OCI_INDEX), what);
        List<Descriptor> referrers = new ArrayList<>();
        boolean filtered = false;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpResponse response;
            try {
                response = transport.send(call);
            } catch (NotFoundException e) {
                if (page == 0) {
                    // No such API (or, by the spec's leave, no such subject): the tag schema answers instead.
                    return Optional.empty();
                }
                throw e;
            }
            URI current = response.uri();
            filtered |= response.headers().allValues("OCI-Filters-Applied").stream()
                    .anyMatch(v -> v.contains("artifactType"));
            Manifest listing = read(response, what);
            if (!(listing instanceof ImageIndex index)) {
                throw new RegistryException(
                        "registry " + transport.endpoint().registry() + " answered the " + what
                                + " with something other than an image index",
                        200,
                        false);
            }
            referrers.addAll(index.manifests());
            Optional<URI> next = PageLinks.next(response, current, transport);
            if (next.isEmpty()) {
                return Optional.of(new Listing(referrers, filtered && artifactType != null));
            }
            call = new RegistryCall("GET", null, next.get(), repository, call.headers(), what);
        }
        throw new RegistryException(
                "registry " + transport.endpoint().registry() + " paginated the " + what + " past " + MAX_PAGES
                        + " pages; refusing to read more",
                200,
                false);
    }

    private Manifest read(HttpResponse response, String what) {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(ManifestFetcher.MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new RegistryException(
                    "connection to registry " + transport.endpoint().registry() + " failed while reading the " + what
                            + ": " + RegistryTransport.describe(e),
                    0,
                    false,
                    e);
        }
        if (bytes.length > ManifestFetcher.MAX_MANIFEST_BYTES) {
            throw new RegistryException(
                    "registry " + transport.endpoint().registry() + " sent a page of the " + what + " larger than "
                            + (ManifestFetcher.MAX_MANIFEST_BYTES >> 20) + " MiB; refusing it",
                    200,
                    false);
        }
        // A listing is generated by the registry, not content-addressed: its digest is only its identity here.
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        return ManifestParser.parse(bytes, contentType, Digest.sha256Of(bytes), what);
    }
}
