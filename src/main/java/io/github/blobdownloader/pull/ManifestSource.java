package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.NotFoundException;
import io.github.blobdownloader.registry.RegistryClient;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where manifests come from. One named by digest is taken from the cache when it is there (its bytes are
 * re-hashed, they are small), so a pinned re-run sends no request at all; every manifest fetched is cached
 * by its digest. Otherwise the mirrors are tried, then the registry; the source that served the top-level
 * manifest serves the rest of the image. Offline, only the cache is asked.
 */
final class ManifestSource {

    private final BlobCache cache;
    private final boolean offline;
    private final Supplier<MirroredRegistry> registry;
    private final Log log;
    /** Who served the top-level manifest; {@code null} while none did (or it came from the cache). */
    private volatile MirroredRegistry.Source serving;

    /**
     * @param cache    the shared cache, or {@code null}
     * @param offline  never ask a registry
     * @param registry the mirrors and the registry, created on first use
     */
    ManifestSource(BlobCache cache, boolean offline, Supplier<MirroredRegistry> registry, Log log) {
        this.cache = cache;
        this.offline = offline;
        this.registry = registry;
        this.log = log;
    }

    /** The manifest the resolved reference names; a 404 is explained by {@code resolution}. */
    Manifest top(TagResolution resolution, ImageReference ref) {
        if (ref.digest() == null && offline) {
            throw new BlobDownloaderException(
                    Setting.OFFLINE + ": image " + ref + " names a tag, and only the"
                            + " registry knows which digest it points to; pin the image by digest ("
                            + Setting.IMAGE.is(ref.repository() + "@sha256:...") + ") or with a " + Setting.LOCK_FILE
                            + ", or build without " + Setting.OFFLINE.is("on"),
                    true);
        }
        Optional<Manifest> cached = cached(ref.digest(), ref.toString());
        if (cached.isPresent()) {
            return cached.get();
        }
        if (offline) {
            throw notCached("manifest " + ref.digest(), ref.toString(), cache);
        }
        MirroredRegistry mirrored = registry.get();
        MirroredRegistry.Served<Manifest> served =
                mirrored.first("manifest of " + ref, client -> resolution.fetchTop(mirrored.source(client)));
        serving = served.source();
        if (mirrored.hasMirrors()) {
            log.info("Image " + ref + " is served by the " + served.source().label());
        }
        return store(served.value());
    }

    /** A manifest by digest, e.g. a platform's entry of an index. */
    Manifest byDigest(String repository, Digest digest, String what) {
        Optional<Manifest> cached = cached(digest, what);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (offline) {
            throw notCached("manifest " + digest, what, cache);
        }
        return store(fromServingSource(
                "manifest of " + what,
                client -> client.manifests().fetch(repository, digest.toString(), digest, what)));
    }

    /** The manifest {@code tag} names, fetched afresh (a tag may move) and cached by digest; empty on a 404. */
    Optional<Manifest> byTag(String repository, String tag, String what) {
        try {
            return Optional.of(store(fromServingSource(
                    "manifest " + tag + " of " + what,
                    client -> client.manifests().fetch(repository, tag, null, what))));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code fetch} on the source that served the image, falling back to the registry; when the
     * image's manifest came from the cache, on the first source that answers.
     */
    <T> T fromServingSource(String what, Function<RegistryClient, T> fetch) {
        if (offline) {
            throw new IllegalStateException("no request may be sent in offline mode: " + what);
        }
        MirroredRegistry.Source source = serving;
        MirroredRegistry mirrored = registry.get();
        return source != null
                ? mirrored.withFallback(source, what, fetch)
                : mirrored.first(what, fetch).value();
    }

    /** Whether the blobs will come over TLS: from the source that served the image, else from the registry. */
    boolean blobsOverTls() {
        MirroredRegistry.Source source = serving;
        return source != null
                ? source.client().usesTls()
                : registry.get().origin().client().usesTls();
    }

    private Optional<Manifest> cached(Digest digest, String what) {
        if (digest == null || cache == null) {
            return Optional.empty();
        }
        return cache.read(digest).map(bytes -> ManifestParser.parse(bytes, null, digest, what));
    }

    private Manifest store(Manifest fetched) {
        if (cache != null) {
            cache.store(fetched.digest(), fetched.raw());
        }
        return fetched;
    }

    /** The offline failure for content the cache does not hold. */
    static BlobDownloaderException notCached(String content, String image, BlobCache cache) {
        String where = cache == null ? "no blob cache is configured" : "it is not in the blob cache " + cache.root();
        return new BlobDownloaderException(
                Setting.OFFLINE + ": " + content + " of image " + image + " is needed but "
                        + where + "; build once without " + Setting.OFFLINE.is("on") + " to fill the cache, or check "
                        + Setting.CACHE_DIRECTORY,
                true);
    }
}
