package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.lock.LockEntry;
import io.github.blobdownloader.lock.LockFile;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.NotFoundException;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.TagLister;
import io.github.blobdownloader.tags.TagRanking;
import io.github.blobdownloader.tags.TagSelector;
import io.github.blobdownloader.tags.TagStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides what to fetch: a digest the user gave, else the lock file's pin, else the given tag, else the tag
 * the {@link TagStrategy} picks. Says in the log which and why.
 *
 * @param reference the reference to fetch; its digest is set when pinned
 * @param lock      the lock file, or {@code null} when none is used
 * @param lockKey   this request's key in the lock file, or {@code null}
 * @param pin       the entry the reference came from, or {@code null} when it was resolved afresh
 * @param chosenBy  why the tag was chosen, for the log; {@code null} when the user named the tag or digest
 */
public record TagResolution(ImageReference reference, LockFile lock, String lockKey, LockEntry pin, String chosenBy) {

    /** Tags read to explain a missing one: whole pages until this many (Docker Hub's pages are 100). */
    private static final int TAGS_LISTED_FOR_MESSAGES = 1000;

    /**
     * @param useLock whether to read the lock file (the {@code download} goal) or ignore it ({@code inspect})
     */
    public static TagResolution resolve(
            ImageQuery request, ImageReference requested, RegistryClient client, Log log, boolean useLock) {
        return resolve(request, requested, () -> client, log, useLock);
    }

    /**
     * As above, with the registry asked only when needed: a digest, or a pin in offline mode, needs none.
     */
    public static TagResolution resolve(
            ImageQuery request, ImageReference requested, Supplier<RegistryClient> client, Log log, boolean useLock) {
        TagStrategy strategy = TagStrategy.parse(request.tagStrategy());
        if (requested.digest() != null) {
            return new TagResolution(requested, null, null, null, null);
        }
        String image = requested.registry() + "/" + requested.repository();
        LockFile lock = useLock && request.lockFile() != null ? new LockFile(request.lockFile()) : null;
        String key = lock == null ? null : LockEntry.key(image, requested.tag(), strategy.id(), platformKey(request));
        if (lock != null && request.offline() && request.updateLock()) {
            throw new BlobDownloaderException(
                    Setting.OFFLINE + ": " + Setting.UPDATE_LOCK.is("true") + " re-resolves "
                            + image + " at the registry, which offline mode does not reach; build without "
                            + Setting.OFFLINE.is("on") + " to update "
                            + lock.path() + ", or drop " + Setting.UPDATE_LOCK + " to use its pins",
                    true);
        }
        if (lock != null && !request.updateLock()) {
            Optional<LockEntry> pin = lock.find(key);
            if (pin.isEmpty() && request.offline()) {
                throw noPinOffline(lock, image, requested.tag(), strategy, platformKey(request));
            }
            if (pin.isPresent()) {
                ImageReference pinned =
                        requested.withTag(pin.get().tag()).withDigest(pin.get().digest());
                log.info("Using " + pinned + ", pinned in " + lock.path() + " (" + Setting.UPDATE_LOCK.is("true")
                        + " re-resolves)");
                if (!request.offline()) {
                    noteMovedTag(client.get(), pinned, pin.get().digest(), log);
                }
                return new TagResolution(pinned, lock, key, pin.get(), null);
            }
        }
        if (requested.tag() != null) {
            return new TagResolution(requested, lock, key, null, null);
        }
        if (strategy == TagStrategy.LATEST) {
            // No listing needed: fetching 'latest' tells whether it exists (see latestMissing for the 404).
            return new TagResolution(
                    requested.withTag("latest"), lock, key, null, "the tag 'latest' (tagStrategy=latest)");
        }
        Platform platform = Platform.parseOrAll(request.platform());
        if (request.offline()) {
            throw new BlobDownloaderException(
                    Setting.OFFLINE + ": tagStrategy=" + strategy.id() + " must list the"
                            + " tags of " + image + " at the registry; pin the image (" + Setting.LOCK_FILE
                            + ", or a digest) or build"
                            + " without " + Setting.OFFLINE.is("on"),
                    true);
        }
        TagRanking ranking = new TagSelector(client.get(), log)
                .rank(requested.repository(), strategy, request.includePrereleases(), platform, request.parallelism());
        String tag = ranking.choose();
        return new TagResolution(requested.withTag(tag), lock, key, null, ranking.reason());
    }

    /** Offline, a request the lock file has no pin for: say which platforms it does pin, if any. */
    private static BlobDownloaderException noPinOffline(
            LockFile lock, String image, String tag, TagStrategy strategy, String platform) {
        String asked = tag != null ? image + ":" + tag : image + " (tagStrategy=" + strategy.id() + ")";
        String samePull = LockEntry.key(image, tag, strategy.id(), "");
        List<String> pinned = lock.entries().stream()
                .filter(e -> e.key().startsWith(samePull))
                .map(LockEntry::platform)
                .toList();
        return new BlobDownloaderException(
                Setting.OFFLINE + ": " + lock.path() + " (" + Setting.LOCK_FILE
                        + ") has no pin for "
                        + asked + " on platform " + platform
                        + (pinned.isEmpty() ? "" : " (it pins " + String.join(", ", pinned) + ")")
                        + "; build once without " + Setting.OFFLINE.is("on") + " to pin it"
                        + (pinned.isEmpty() ? "" : ", or set " + Setting.PLATFORM + " to a pinned one"),
                true);
    }

    /** Whether the tag was picked by the plugin rather than named by the user. */
    public boolean tagChosenByStrategy() {
        return chosenBy != null;
    }

    /** The platform part of a lock key: normalised, so {@code linux/AMD64} and {@code linux/amd64} agree. */
    private static String platformKey(ImageQuery request) {
        Platform platform = Platform.parseOrAll(request.platform());
        return platform == null ? "all" : platform.toString();
    }

    /** A pin holds even when its tag moved; say so, at the price of one HEAD request. */
    private static void noteMovedTag(RegistryClient client, ImageReference pinned, Digest digest, Log log) {
        String tagged = pinned.registry() + "/" + pinned.repository() + ":" + pinned.tag();
        try {
            client.manifests()
                    .currentDigest(pinned.repository(), pinned.tag(), tagged)
                    .filter(now -> !now.equals(digest))
                    .ifPresent(now -> log.warn("Tag " + tagged + " has moved to " + now + " since it was pinned;"
                            + " pulling the pinned " + digest + " (" + Setting.UPDATE_LOCK.is("true")
                            + " moves the pin)"));
        } catch (NotFoundException e) {
            log.warn("Tag " + tagged + " no longer exists; pulling the pinned " + digest);
        } catch (BlobDownloaderException e) {
            log.debug("Could not check whether " + tagged + " moved: " + e.getMessage());
        }
    }

    /** Records the digest that was pulled, unless it came from the lock file. */
    public void recordPin(ImageQuery request, Digest pulled, Log log) {
        recordPin(request, pulled, null, log);
    }

    /**
     * Records the digest that was pulled, unless it came from the lock file; the referrers pulled with it and
     * the signature manifest that verified it ({@code null}: none was checked) also when the pin lacks them.
     *
     * @param referrers the referrers pulled, or {@code null} when none were asked for
     */
    public void recordPin(ImageQuery request, Digest pulled, List<LockEntry.Referrer> referrers, Log log) {
        recordPin(request, pulled, referrers, null, log);
    }

    /** As above, with the signature manifest that verified the pull, or {@code null}. */
    public void recordPin(
            ImageQuery request, Digest pulled, List<LockEntry.Referrer> referrers, Digest signature, Log log) {
        if (lock == null) {
            return;
        }
        String image = reference.registry() + "/" + reference.repository();
        if (pin == null) {
            if (lock.record(new LockEntry(
                    lockKey, image, reference.tag(), platformKey(request), pulled, referrers, signature))) {
                log.info("Pinned " + image + ":" + reference.tag() + " to " + pulled
                        + (referrers == null ? "" : " with " + referrers.size() + " referrer(s)") + " in "
                        + lock.path());
            }
            return;
        }
        LockEntry updated = pin;
        List<String> added = new ArrayList<>();
        if (referrers != null && pin.referrers() == null) {
            updated = updated.withReferrers(referrers);
            added.add(referrers.size() + " referrer(s)");
        }
        if (signature != null && pin.signature() == null) {
            updated = updated.withSignature(signature);
            added.add("signature manifest " + signature);
        }
        if (!added.isEmpty() && lock.record(updated)) {
            log.info("Pinned " + String.join(" and ", added) + " of " + image + ":" + reference.tag() + " in "
                    + lock.path());
        }
    }

    /** The referrers the lock file pins with this image, or {@code null} when it pins none (or no image). */
    public List<LockEntry.Referrer> pinnedReferrers() {
        return pin == null ? null : pin.referrers();
    }

    /**
     * Fetches the manifest (or index) the reference names. A 404 becomes a message saying what is missing:
     * the pinned digest, the repository, or the tag (with a few tags that exist).
     */
    public Manifest fetchTop(RegistryClient client) {
        return fetchTop(new MirroredRegistry.Source(client, "registry " + reference.registry(), false));
    }

    /** As above, from a mirror or the registry; a 404 names the one that answered it. */
    Manifest fetchTop(MirroredRegistry.Source source) {
        ImageReference ref = reference;
        try {
            return source.client()
                    .manifests()
                    .fetch(ref.repository(), ref.manifestReference(), ref.digest(), ref.toString());
        } catch (NotFoundException e) {
            boolean defaultLatest = tagChosenByStrategy() && "latest".equals(ref.tag());
            throw pin != null ? pinGone(e) : explainNotFound(source, ref, e, defaultLatest);
        }
    }

    /** Says whether the repository or the tag is missing, and lists a few tags that do exist. */
    private static BlobDownloaderException explainNotFound(
            MirroredRegistry.Source source, ImageReference ref, NotFoundException e, boolean defaultLatest) {
        String repo = ref.registry() + "/" + ref.repository();
        // At a mirror, say so: the registry itself may well have it.
        String atMirror = source.mirror() ? " at " + source.label() : "";
        TagLister.Tags tags;
        try {
            tags = source.client().tags().some(ref.repository(), TAGS_LISTED_FOR_MESSAGES);
        } catch (NotFoundException repoMissing) {
            return new BlobDownloaderException(
                    "repository " + ref.repository() + " not found at "
                            + (source.mirror()
                                    ? source.label() + "; check the " + Setting.MIRRORS + " entry for " + ref.registry()
                                    : "registry " + ref.registry() + "; check " + Setting.IMAGE),
                    true,
                    e);
        } catch (BlobDownloaderException listingFailed) {
            tags = null;
        }
        if (defaultLatest && tags != null) {
            return new BlobDownloaderException(TagSelector.latestMissing(repo + atMirror, tags), true, e);
        }
        String missing = ref.digest() != null ? "manifest " + ref.digest() : "tag '" + ref.tag() + "'";
        String available;
        if (tags == null) {
            available = "";
        } else if (tags.tags().isEmpty() && tags.complete()) {
            available = "; the repository has no tags";
        } else {
            available = "; available tags: " + TagRanking.sample(tags.tags(), tags.complete());
        }
        return new BlobDownloaderException(
                missing + " not found in " + repo + atMirror + available + "; set " + Setting.TAG
                        + " to an existing tag",
                true,
                e);
    }

    /** The failure when the pinned manifest is gone from the registry. */
    private BlobDownloaderException pinGone(NotFoundException e) {
        return new BlobDownloaderException(
                "image " + reference.registry() + "/" + reference.repository()
                        + " is pinned in " + lock.path() + " to " + pin.digest() + " (tag '" + pin.tag()
                        + "'), which the registry no longer has; run with " + Setting.UPDATE_LOCK.is("true")
                        + " to re-resolve and"
                        + " rewrite the pin",
                true,
                e);
    }
}
