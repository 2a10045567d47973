package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.ImageLog;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.ParallelTasks;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.report.DownloadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The download use case: resolve the reference (tag strategy, lock file), fetch and verify the manifest
 * (from the cache, a mirror or the registry), choose the platform, bring every blob into the layout (already
 * in place, from the cache, or downloaded through its digest), then complete the layout and the report.
 */
public final class ImagePuller {

    private final Log log;
    private final RetryPolicy retryTiming;

    public ImagePuller(Log log) {
        this(log, RetryPolicy.of(1));
    }

    /**
     * @param retryTiming backoff and {@code Retry-After} limits; the number of attempts comes from each
     *                    request's {@code retries}
     */
    public ImagePuller(Log log, RetryPolicy retryTiming) {
        this.log = log;
        this.retryTiming = retryTiming;
    }

    /**
     * Decides, once the image manifest is known and before any blob is planned, whether the pull can stop
     * there: {@code extract} uses it to refuse images it cannot apply and to skip a re-run whose output
     * already holds the image.
     */
    @FunctionalInterface
    public interface Precheck {
        /** {@code true}: nothing more to do (the lock file still gets its pin); may throw to refuse the image. */
        boolean satisfied(ImageReference resolved, ImageManifest manifest);
    }

    public PullResult pull(PullRequest request) {
        return pull(request, (resolved, manifest) -> false);
    }

    /** A pull that asks {@code precheck} about the (single) image manifest before any blob is requested. */
    public PullResult pull(PullRequest request, Precheck precheck) {
        long start = System.nanoTime();
        ImageReference requested = ImageResolver.reference(request);
        // Lines of images pulled at the same time (a parallel reactor) must each say which image they are about.
        Log log = ImageLog.naming(this.log, requested.registry() + "/" + requested.repository(), requested.toString());
        RegistryEndpoint endpoint = ImageResolver.endpoint(request, requested);
        if (!request.offline()) {
            ColdStart.warm(endpoint);
        }
        boolean allPlatforms =
                request.platform() != null && request.platform().trim().equalsIgnoreCase("all");
        Platform wanted =
                allPlatforms ? null : Platform.parse(request.platform() == null ? "linux/amd64" : request.platform());
        String layoutName = Layouts.check(request.layout(), allPlatforms, requested.toString());
        if (request.parallelism() < 1) {
            throw new BlobDownloaderException(
                    Setting.PARALLELISM + " must be at least 1, was " + request.parallelism(), true);
        }
        // Created on first use: a pinned, cached or offline pull never needs it.
        Supplier<MirroredRegistry> registry =
                Lazy.of(() -> MirroredRegistry.create(request, requested, endpoint, retryTiming, log));
        TagResolution resolution = TagResolution.resolve(
                request.query(), requested, () -> registry.get().origin().client(), log, true);
        ImageReference ref = resolution.reference();
        BlobCache cache = request.cacheDirectory() == null ? null : new BlobCache(request.cacheDirectory(), log);
        ManifestSource manifests = new ManifestSource(cache, request.offline(), registry, log);

        Manifest top = manifests.top(resolution, ref);
        if (resolution.tagChosenByStrategy()) {
            log.info("Chose tag '" + ref.tag() + "' of " + ref.registry() + "/" + ref.repository() + ", "
                    + resolution.chosenBy() + ": " + top.digest());
        }
        OutputLayout root = Layouts.create(
                layoutName, request.outputDirectory(), ref.withDigest(top.digest()), request.ociMediaTypes(), log);
        List<Target> targets = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            List<Descriptor> entries = root.keepsWholeIndex() ? index.manifests() : index.imageEntries();
            List<Descriptor> chosen = allPlatforms ? entries : List.of(index.choose(wanted, ref.toString(), log));
            for (Descriptor entry : chosen) {
                String what = ref + " (" + entry.platform() + ")";
                Manifest child = manifests.byDigest(ref.repository(), entry.digest(), what);
                if (!(child instanceof ImageManifest image)) {
                    throw new BlobDownloaderException(
                            "image " + ref + " lists a nested index for " + entry.platform()
                                    + "; nested indexes are not supported",
                            false);
                }
                // Entries that differ only in os.version get a folder each.
                OutputLayout layout =
                        allPlatforms && entry.platform() != null ? root.forPlatform(index.label(entry)) : root;
                layout.admit(image, what);
                targets.add(new Target(image, entry.platform(), layout, what));
            }
        } else {
            root.admit((ImageManifest) top, ref.toString());
            targets.add(new Target((ImageManifest) top, null, root, ref.toString()));
        }

        if (targets.size() == 1
                && precheck.satisfied(
                        ref.withDigest(top.digest()), targets.get(0).manifest())) {
            Target only = targets.get(0);
            resolution.recordPin(request.query(), top.digest(), log);
            PulledImage image =
                    new PulledImage(ref.withDigest(top.digest()), top, only.manifest(), only.platform(), List.of());
            return new PullResult(List.of(image), 0, 0, 0, Duration.ofNanos(System.nanoTime() - start), 0);
        }
        BlobTransfers.Download download =
                (blob, partial, counted) -> manifests.fromServingSource("blob " + blob.digest(), client -> {
                    client.blobs().download(ref.repository(), blob, partial, counted);
                    return partial;
                });
        List<BlobTransfers> plans = new ArrayList<>();
        List<PulledImage> pulled = new ArrayList<>();
        // Keyed by the very images pulled here (a record key would compare every manifest field).
        IdentityHashMap<PulledImage, OutputLayout> layouts = new IdentityHashMap<>();
        // From the first plan (which looks at the output) to the completed layout.
        try (OutputLayout.Claim claim = root.claim()) {
            for (Target target : targets) {
                ImageManifest manifest = target.manifest();
                log.info("Resolved " + target.what() + " to " + manifest.digest() + ": "
                        + manifest.layers().size() + " layer(s), " + Sizes.human(manifest.totalSize()) + " -> "
                        + request.outputDirectory());
                plans.add(new BlobTransfers(target, download, cache, request, log));
            }
            TransferProgress progress = new TransferProgress(
                    log,
                    plans.stream().mapToLong(BlobTransfers::bytesToDownload).sum(),
                    plans.size(),
                    System::nanoTime);
            for (BlobTransfers plan : plans) {
                long imageStart = System.nanoTime();
                Target target = plan.target();
                progress.startImage(target.what(), plan.bytesToDownload());
                ParallelTasks.runAll(plan.tasks(progress::add), request.parallelism());
                PulledImage image = new PulledImage(
                        ref.withDigest(top.digest()), top, target.manifest(), target.platform(), plan.skipped());
                target.layout().finish(image);
                pulled.add(image);
                layouts.put(image, target.layout());
                log.info(String.format(
                        Locale.ROOT,
                        "Pulled %s: %d blob(s), %s downloaded in %s, %d from cache," + " %d already in place",
                        target.what(),
                        plan.blobCount(),
                        Sizes.human(plan.bytes()),
                        timeAndRate(plan.bytes(), System.nanoTime() - imageStart),
                        plan.fromCache(),
                        plan.reused()));
            }
            root.complete(top, pulled);
        }
        resolution.recordPin(request.query(), top.digest(), log);
        DownloadReport.write(
                request.outputDirectory(),
                pulled,
                (image, blob, config) -> layouts.get(image).reportedPath(blob, config),
                log);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int downloaded = plans.stream().mapToInt(BlobTransfers::downloaded).sum();
        int reused = plans.stream().mapToInt(BlobTransfers::reused).sum();
        int fromCache = plans.stream().mapToInt(BlobTransfers::fromCache).sum();
        long bytes = plans.stream().mapToLong(BlobTransfers::bytes).sum();
        log.info(String.format(
                Locale.ROOT,
                "Downloaded %d blob(s) of %s, %s in %s, %d from cache, %d already present -> %s",
                downloaded,
                ref,
                Sizes.human(bytes),
                timeAndRate(bytes, elapsed.toNanos()),
                fromCache,
                reused,
                request.outputDirectory()));
        return new PullResult(pulled, downloaded, reused, bytes, elapsed, fromCache);
    }

    /** {@code 2.1 s (487.6 MiB/s)}. */
    private static String timeAndRate(long bytes, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(
                Locale.ROOT, "%.1f s (%s/s)", seconds, Sizes.human((long) (bytes / Math.max(1e-3, seconds))));
    }

    /** An image manifest to pull, the layout it goes to, and how messages name it. */
    record Target(ImageManifest manifest, Platform platform, OutputLayout layout, String what) {}
}
