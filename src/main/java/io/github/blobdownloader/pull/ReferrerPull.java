package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.ParallelTasks;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.lock.LockEntry;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.referrers.ReferrerFinder;
import io.github.blobdownloader.referrers.ReferrerTypes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the referrers of a pulled image into its layout: what the registry lists for the image's manifest
 * digests (the top-level one, and each platform's), or, with a lock file that pins them, exactly the pinned
 * ones (a re-run then gets the same referrers, online or offline, and only says when new ones appeared).
 * Each referrer is pulled as an image is: manifest and blobs through the cache, every digest verified.
 */
final class ReferrerPull {

    /**
     * The referrers pulled.
     *
     * @param images  one per referrer, for the report
     * @param layouts where each went
     * @param pins    what the lock file records
     */
    record Result(
            List<PulledImage> images,
            IdentityHashMap<PulledImage, OutputLayout> layouts,
            List<LockEntry.Referrer> pins) {}

    private final ImageReference ref;
    private final ReferrerTypes types;
    private final ManifestSource manifests;
    private final BlobTransfers.Download download;
    private final BlobCache cache;
    private final PullRequest request;
    private final Log log;

    ReferrerPull(
            ImageReference ref,
            ManifestSource manifests,
            BlobTransfers.Download download,
            BlobCache cache,
            PullRequest request,
            Log log) {
        this.ref = ref;
        this.types = request.referrers();
        this.manifests = manifests;
        this.download = download;
        this.cache = cache;
        this.request = request;
        this.log = log;
    }

    /**
     * A referrer to pull: as listed or pinned, its manifest (an index is pulled as nothing), and the layout it
     * goes to, which has admitted it.
     */
    record Chosen(Descriptor descriptor, Manifest manifest, OutputLayout layout, String what) {}

    /**
     * Which referrers to pull, with their manifests, each admitted by its layout: all asked before any blob of
     * the image is placed, so a failure here (offline without pins, a referrer the layout refuses) leaves the
     * output as it was.
     *
     * @param subjects the manifest digests to pull (the top-level one first)
     * @param pinned   the lock file's referrers for this image, or {@code null}
     */
    List<Chosen> choose(List<Digest> subjects, List<LockEntry.Referrer> pinned, OutputLayout root) {
        List<Descriptor> descriptors = pinned != null ? fromPins(pinned, subjects) : listed(subjects);
        if (descriptors.isEmpty()) {
            log.info("Image " + ref + " has no referrers of " + types);
        }
        List<Chosen> chosen = new ArrayList<>();
        for (Descriptor referrer : descriptors) {
            String what = ref + " referrer " + referrer.digest()
                    + (referrer.artifactType() == null ? "" : " (" + referrer.artifactType() + ")");
            Manifest manifest = manifests.byDigest(ref.repository(), referrer.digest(), what);
            OutputLayout layout = null;
            if (manifest instanceof ImageManifest artifact) {
                layout = root.forReferrer(referrer);
                layout.admit(artifact, what);
            }
            chosen.add(new Chosen(referrer, manifest, layout, what));
        }
        return chosen;
    }

    /** Pulls the {@code chosen} referrers into their layouts. */
    Result pull(List<Chosen> chosen) {
        List<PulledImage> images = new ArrayList<>();
        IdentityHashMap<PulledImage, OutputLayout> layouts = new IdentityHashMap<>();
        List<LockEntry.Referrer> pins = new ArrayList<>();
        for (Chosen referrer : chosen) {
            pins.add(new LockEntry.Referrer(
                    referrer.descriptor().digest(), referrer.descriptor().artifactType()));
            if (!(referrer.manifest() instanceof ImageManifest artifact)) {
                log.info("Skipping " + referrer.what()
                        + ": it is an index, and only referrers that are manifests are pulled");
                continue;
            }
            OutputLayout layout = referrer.layout();
            ImagePuller.Target target = new ImagePuller.Target(artifact, null, layout, referrer.what());
            BlobTransfers plan = new BlobTransfers(target, download, cache, request, log);
            ParallelTasks.runAll(plan.tasks(bytes -> {}), request.parallelism());
            PulledImage image =
                    new PulledImage(ref.withDigest(artifact.digest()), artifact, artifact, null, plan.skipped());
            layout.finish(image);
            images.add(image);
            layouts.put(image, layout);
            log.info("Pulled " + referrer.what() + ": " + plan.blobCount() + " blob(s), " + Sizes.human(plan.bytes())
                    + " downloaded, " + plan.fromCache() + " from cache, " + plan.reused() + " already in place");
        }
        return new Result(images, layouts, pins);
    }

    /** The pinned referrers this request keeps; online, also says which new ones the registry lists. */
    private List<Descriptor> fromPins(List<LockEntry.Referrer> pinned, List<Digest> subjects) {
        List<Descriptor> kept = pinned.stream()
                .map(p -> new Descriptor(null, p.digest(), 0, null, List.of(), Map.of(), p.artifactType()))
                .filter(types::keeps)
                .toList();
        if (!request.offline()) {
            Set<Digest> known = new LinkedHashSet<>();
            pinned.forEach(p -> known.add(p.digest()));
            try {
                for (Descriptor listed : listed(subjects)) {
                    if (!known.contains(listed.digest())) {
                        log.info("Image " + ref + " has a new referrer " + listed.digest() + " ("
                                + listed.artifactType() + ") that the " + Setting.LOCK_FILE + " does not pin; "
                                + Setting.UPDATE_LOCK.is("true") + " takes it");
                    }
                }
            } catch (BlobDownloaderException e) {
                log.debug("Could not list the referrers of " + ref + " to compare with the pins: " + e.getMessage());
            }
        }
        return kept;
    }

    private List<Descriptor> listed(List<Digest> subjects) {
        if (request.offline()) {
            throw new BlobDownloaderException(
                    Setting.OFFLINE + ": the referrers of image " + ref + " are known only to the registry, and the "
                            + Setting.LOCK_FILE + " pins none; build once without " + Setting.OFFLINE.is("on")
                            + " with a " + Setting.LOCK_FILE + " to pin them, or drop " + Setting.REFERRERS,
                    true);
        }
        Map<Digest, Descriptor> all = new LinkedHashMap<>();
        for (Digest subject : subjects) {
            ReferrerFinder.Found found = manifests.fromServingSource(
                    "referrers of " + ref.repository() + "@" + subject,
                    client -> ReferrerFinder.find(client, ref.repository(), subject, types, log));
            log.debug("Referrers of " + ref.repository() + "@" + subject + " from " + found.source() + ": "
                    + found.referrers().size());
            found.referrers().forEach(d -> all.putIfAbsent(d.digest(), d));
        }
        return List.copyOf(all.values());
    }
}
