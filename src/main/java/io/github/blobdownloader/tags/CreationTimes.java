package io.github.blobdownloader.tags;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageConfig;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.registry.ManifestFetcher;
import io.github.blobdownloader.registry.RegistryClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code created} time of each tag's image config, for {@code tagStrategy=newest}. A tag's digest is read
 * with a HEAD (Docker Hub does not count those against its pull rate limit); each distinct manifest and
 * config is then fetched once, however many tags share it, even by tags probed at the same time.
 */
final class CreationTimes {

    /** A tag's creation time, or why there is none. */
    record Probe(Instant created, String problem) {}

    private final RegistryClient client;
    private final String repository;
    private final String image;
    private final Platform platform;
    private final Log log;
    private final Map<Digest, Probe> byManifest = new ConcurrentHashMap<>();
    private final Map<Digest, Optional<Instant>> byConfig = new ConcurrentHashMap<>();
    private final AtomicInteger heads = new AtomicInteger();
    private final AtomicInteger manifestGets = new AtomicInteger();
    private final AtomicInteger configGets = new AtomicInteger();

    /**
     * @param image    {@code registry/repository}, for messages
     * @param platform whose config counts in a multi-platform image; {@code null} for the index's first image
     */
    CreationTimes(RegistryClient client, String repository, String image, Platform platform, Log log) {
        this.client = client;
        this.repository = repository;
        this.image = image;
        this.platform = platform;
        this.log = log;
    }

    /** What the tag's config says; a tag that cannot be read is passed over with the reason, not fatal. */
    Probe of(String tag) {
        String what = image + ":" + tag;
        try {
            heads.incrementAndGet();
            Optional<Digest> digest = client.manifests().currentDigest(repository, tag, what);
            if (digest.isEmpty()) {
                // No Docker-Content-Digest on the HEAD: only the body tells.
                return probe(fetch(tag, null, what), what);
            }
            return byManifest.computeIfAbsent(digest.get(), d -> {
                try {
                    return probe(fetch(d.toString(), d, what), what);
                } catch (BlobDownloaderException e) {
                    return passOver(what, e);
                }
            });
        } catch (BlobDownloaderException e) {
            return passOver(what, e);
        }
    }

    /** {@code 5000 HEAD request(s), 10 manifest(s) and 10 config(s) fetched}: what finding the newest cost. */
    String requests() {
        return heads.get() + " HEAD request(s), " + manifestGets.get() + " manifest(s) and " + configGets.get()
                + " distinct config(s) fetched";
    }

    private Probe probe(Manifest top, String what) {
        ImageManifest manifest;
        if (top instanceof ImageIndex index) {
            Optional<Descriptor> entry = platform != null
                    ? index.select(platform)
                    : index.imageEntries().stream().findFirst();
            if (entry.isEmpty()) {
                return new Probe(null, "no " + (platform != null ? platform : "image") + " in its index");
            }
            Digest child = entry.get().digest();
            Manifest chosen =
                    fetch(child.toString(), child, what + " (" + entry.get().platform() + ")");
            if (!(chosen instanceof ImageManifest m)) {
                return new Probe(null, "nested index");
            }
            manifest = m;
        } else {
            manifest = (ImageManifest) top;
        }
        Descriptor config = manifest.config();
        Optional<Instant> created = byConfig.computeIfAbsent(config.digest(), d -> {
            configGets.incrementAndGet();
            return Optional.ofNullable(
                    ImageConfig.parse(client.blobs().fetchSmall(repository, config, ManifestFetcher.MAX_MANIFEST_BYTES))
                            .created());
        });
        return created.map(c -> new Probe(c, "")).orElseGet(() -> new Probe(null, "config has no 'created' time"));
    }

    private Manifest fetch(String reference, Digest pinned, String what) {
        manifestGets.incrementAndGet();
        return client.manifests().fetch(repository, reference, pinned, what);
    }

    private Probe passOver(String what, BlobDownloaderException e) {
        log.debug("Passing over " + what + " for tagStrategy=newest: " + e.getMessage());
        return new Probe(null, "not inspected: " + e.getMessage());
    }
}
