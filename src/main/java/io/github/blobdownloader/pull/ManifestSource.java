package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryClient;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where manifests come from. One named by digest is taken from the cache when it is there (its bytes are
 * re-hashed, they are small), so a pinned re-run sends no request at all; every manifest fetched is cached
 * by its digest. Offline, only the cache is asked.
 */
final class ManifestSource {

    private final BlobCache cache;
    private final boolean offline;
    private final Supplier<RegistryClient> client;

    /**
     * @param cache   the shared cache, or {@code null}
     * @param offline never ask the registry
     * @param client  the registry, created on first use
     */
    ManifestSource(BlobCache cache, boolean offline, Supplier<RegistryClient> client) {
        this.cache = cache;
        this.offline = offline;
        this.client = client;
    }

    /** The manifest {@code ref} names (a registry 404 surfaces as {@code NotFoundException}). */
    Manifest top(ImageReference ref) {
        if (ref.digest() == null && offline) {
            throw new BlobDownloaderException("offline mode (-o): image " + ref + " names a tag, and only the"
                    + " registry knows which digest it points to; pin the image by digest (<image>"
                    + ref.repository() + "@sha256:...</image>) or with a <lockFile>, or build without -o", true);
        }
        return get(ref.repository(), ref.manifestReference(), ref.digest(), ref.toString());
    }

    /** A manifest by digest, e.g. a platform's entry of an index. */
    Manifest byDigest(String repository, Digest digest, String what) {
        return get(repository, digest.toString(), digest, what);
    }

    private Manifest get(String repository, String reference, Digest pinned, String what) {
        if (pinned != null && cache != null) {
            Optional<byte[]> cached = cache.read(pinned);
            if (cached.isPresent()) {
                return ManifestParser.parse(cached.get(), null, pinned, what);
            }
        }
        if (offline) {
            throw notCached("manifest " + pinned, what, cache);
        }
        Manifest fetched = client.get().manifests().fetch(repository, reference, pinned, what);
        if (cache != null) {
            cache.store(fetched.digest(), fetched.raw());
        }
        return fetched;
    }

    /** The offline failure for content the cache does not hold. */
    static BlobDownloaderException notCached(String content, String image, BlobCache cache) {
        String where = cache == null ? "no blob cache is configured" : "it is not in the blob cache " + cache.root();
        return new BlobDownloaderException("offline mode (-o): " + content + " of image " + image + " is needed but "
                + where + "; build once without -o to fill the cache, or check <cacheDirectory>"
                + " (-Dblob.cacheDirectory)", true);
    }
}
