package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.referrers.ReferrerFinder;
import io.github.blobdownloader.referrers.ReferrerTypes;
import io.github.blobdownloader.registry.DigestMismatchException;
import io.github.blobdownloader.signature.SignatureSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signature material of one image, read like the image itself: manifests and small blobs from the cache
 * when it holds them, else from the source that served the image (mirror, then registry), and stored in the
 * cache once verified, so that an offline build with a pinned signature reads it all from there. Tags are
 * only ever asked of a registry: offline, a signature must be pinned. Bundles are found as every referrer is
 * ({@link ReferrerFinder}: the referrers API, else the tag schema).
 */
final class SignatureFetch implements SignatureSource {

    private final ManifestSource manifests;
    private final BlobCache cache;
    private final boolean offline;
    private final String repository;
    private final String image;
    private final Log log;

    /**
     * @param repository the image's repository, where cosign keeps its signatures
     * @param image      the image, for messages
     */
    SignatureFetch(
            ManifestSource manifests, BlobCache cache, boolean offline, String repository, String image, Log log) {
        this.manifests = manifests;
        this.cache = cache;
        this.offline = offline;
        this.repository = repository;
        this.image = image;
        this.log = log;
    }

    @Override
    public Optional<Manifest> tagged(String tag) {
        if (offline) {
            throw new BlobDownloaderException(
                    Setting.OFFLINE + ": the signatures of image " + image + " are found through the tag " + tag
                            + ", which only the registry knows; pin the image in a " + Setting.LOCK_FILE
                            + " (it records the signature manifest) and build once without " + Setting.OFFLINE.is("on")
                            + ", or build without " + Setting.OFFLINE.is("on"),
                    true);
        }
        return manifests.byTag(repository, tag, "signatures of " + image);
    }

    @Override
    public Manifest manifest(Digest digest) {
        return manifests.byDigest(repository, digest, "signatures of " + image);
    }

    @Override
    public byte[] blob(Descriptor blob, int maxBytes) {
        if (cache != null) {
            Optional<byte[]> cached = cache.read(blob.digest());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        if (offline) {
            throw ManifestSource.notCached("signature blob " + blob.digest(), image, cache);
        }
        byte[] bytes;
        try {
            bytes = manifests.fromServingSource(
                    "signature blob " + blob.digest(), client -> client.blobs().fetchSmall(repository, blob, maxBytes));
        } catch (DigestMismatchException e) {
            throw new WrongContent(e.getMessage(), e);
        }
        if (cache != null) {
            cache.store(blob.digest(), bytes);
        }
        return bytes;
    }

    @Override
    public List<Referrer> referrers(Digest subject, Set<String> artifactTypes) {
        ReferrerTypes types = new ReferrerTypes(artifactTypes.stream().sorted().toList());
        ReferrerFinder.Found found = manifests.fromServingSource(
                "signature referrers of " + image,
                client -> ReferrerFinder.find(client, repository, subject, types, log));
        return found.referrers().stream()
                .map(d -> new Referrer(d.digest(), d.artifactType()))
                .toList();
    }
}
