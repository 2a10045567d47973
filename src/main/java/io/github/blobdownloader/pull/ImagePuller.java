package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.ImageLog;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.ParallelTasks;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.layout.DirectoryUnpacker;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.layout.MediaTypeFilter;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.Hasher;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.registry.RegistryOptions;
import io.github.blobdownloader.report.DownloadReport;
import io.github.blobdownloader.signature.SignatureVerifier;
import io.github.blobdownloader.signature.SignedSubject;
import io.github.blobdownloader.signature.TrustedKey;
import io.github.blobdownloader.signature.TrustedKeys;
import io.github.blobdownloader.signature.VerifiedSignature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The download use case: resolve the reference (tag strategy, lock file), fetch and verify the manifest
 * (from the cache, a mirror or the registry), check its signature when keys are configured, choose the platform, bring every blob into the layout (already
 * in place, from the cache, or downloaded through its digest), then complete the layout and the report.
 */
public final class ImagePuller {

    private final Log log;
    private final RetryPolicy retryTiming;
    private final DirectoryUnpacker unpacker;

    public ImagePuller(Log log) {
        this(log, RetryPolicy.of(1));
    }

    /** @param unpacker unpacks the folders oras packed, for the {@code files} layout */
    public ImagePuller(Log log, DirectoryUnpacker unpacker) {
        this(log, RetryPolicy.of(1), unpacker);
    }

    /**
     * @param retryTiming backoff and {@code Retry-After} limits; the number of attempts comes from each
     *                    request's {@code retries}
     */
    public ImagePuller(Log log, RetryPolicy retryTiming) {
        this(log, retryTiming, null);
    }

    /**
     * @param unpacker unpacks the folders oras packed, for the {@code files} layout; {@code null} refuses
     *                 them
     */
    public ImagePuller(Log log, RetryPolicy retryTiming, DirectoryUnpacker unpacker) {
        this.log = log;
        this.retryTiming = retryTiming;
        this.unpacker = unpacker;
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
        try (RegistryOptions.Clients clients = request.registry().clients(log)) {
            return pull(request, precheck, start, requested, log, endpoint, clients);
        }
    }

    private PullResult pull(
            PullRequest request,
            Precheck precheck,
            long start,
            ImageReference requested,
            Log log,
            RegistryEndpoint endpoint,
            RegistryOptions.Clients clients) {
        if (!request.offline()) {
            ColdStart.warm(endpoint, clients.trust());
        }
        boolean allPlatforms =
                request.platform() != null && request.platform().trim().equalsIgnoreCase("all");
        Platform wanted =
                allPlatforms ? null : Platform.parse(request.platform() == null ? "linux/amd64" : request.platform());
        String layoutName = Layouts.check(request.layout(), allPlatforms, requested.toString());
        MediaTypeFilter mediaTypes = MediaTypeFilter.parse(request.mediaTypes(), Setting.MEDIA_TYPES);
        Layouts.checkMediaTypes(layoutName, mediaTypes, requested.toString());
        MediaTypeFilter artifactType = MediaTypeFilter.parse(request.artifactType(), Setting.ARTIFACT_TYPE);
        if (request.parallelism() < 1) {
            throw new BlobDownloaderException(
                    Setting.PARALLELISM + " must be at least 1, was " + request.parallelism(), true);
        }
        // Read before any request: a key file that is not one fails at once.
        List<TrustedKey> keys = request.signatures().required()
                ? TrustedKeys.load(request.signatures().publicKeys())
                : List.of();
        // Created on first use: a pinned, cached or offline pull never needs it.
        Supplier<MirroredRegistry> registry =
                Lazy.of(() -> MirroredRegistry.create(request, clients, requested, endpoint, retryTiming, log));
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
        // Before anything is written: no file, property or pin for an image the keys did not sign.
        List<VerifiedSignature> signatures =
                keys.isEmpty() ? List.of() : verifySignatures(request, keys, ref, top, resolution, manifests, cache);
        Digest signature = signatures.isEmpty() ? null : signatures.get(0).signatureManifest();
        OutputLayout root = Layouts.create(
                layoutName,
                request.outputDirectory(),
                ref.withDigest(top.digest()),
                request.ociMediaTypes(),
                mediaTypes,
                unpacker,
                log);
        List<Target> targets = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            List<Descriptor> entries = root.keepsWholeIndex() ? index.manifests() : index.imageEntries();
            if (artifactType.isAll()
                    && index.imageEntries().isEmpty()
                    && !index.manifests().isEmpty()) {
                throw new BlobDownloaderException(
                        "image " + ref + " is an index of artifacts, not of platforms (artifactTypes: "
                                + artifactTypes(index) + "); set " + Setting.ARTIFACT_TYPE + " to the one to pull",
                        true);
            }
            List<Descriptor> chosen = !artifactType.isAll()
                    ? List.of(byArtifactType(index, artifactType, ref.toString()))
                    : allPlatforms ? entries : List.of(index.choose(wanted, ref.toString(), log));
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
                OutputLayout layout = allPlatforms && artifactType.isAll() && entry.platform() != null
                        ? root.forPlatform(index.label(entry))
                        : root;
                checkArtifactType(image, artifactType, what);
                layout.admit(image, what);
                targets.add(new Target(image, entry.platform(), layout, what));
            }
        } else {
            checkArtifactType((ImageManifest) top, artifactType, ref.toString());
            root.admit((ImageManifest) top, ref.toString());
            targets.add(new Target((ImageManifest) top, null, root, ref.toString()));
        }

        if (targets.size() == 1
                && precheck.satisfied(
                        ref.withDigest(top.digest()), targets.get(0).manifest())) {
            Target only = targets.get(0);
            resolution.recordPin(request.query(), top.digest(), null, signature, log);
            PulledImage image =
                    new PulledImage(ref.withDigest(top.digest()), top, only.manifest(), only.platform(), List.of());
            return new PullResult(List.of(image), 0, 0, 0, Duration.ofNanos(System.nanoTime() - start), 0);
        }
        // the JDK's digests, unless the download turns out large (chosen below, once its size is known)
        AtomicReference<Hasher> hasher = new AtomicReference<>(Hasher.JDK);
        BlobTransfers.Download download =
                (blob, partial, counted) -> manifests.fromServingSource("blob " + blob.digest(), client -> {
                    client.blobs().download(ref.repository(), blob, partial, counted, hasher.get());
                    return partial;
                });
        ReferrerPull referrerPull = null;
        List<ReferrerPull.Chosen> chosenReferrers = List.of();
        if (request.referrers() != null) {
            List<Digest> subjects = new ArrayList<>();
            subjects.add(top.digest());
            targets.stream()
                    .map(target -> target.manifest().digest())
                    .filter(d -> !subjects.contains(d))
                    .forEach(subjects::add);
            referrerPull = new ReferrerPull(ref, manifests, download, cache, request, log);
            chosenReferrers = referrerPull.choose(subjects, resolution.pinnedReferrers(), root);
        }
        List<BlobTransfers> plans = new ArrayList<>();
        List<PulledImage> pulled = new ArrayList<>();
        // Keyed by the very images pulled here (a record key would compare every manifest field).
        IdentityHashMap<PulledImage, OutputLayout> layouts = new IdentityHashMap<>();
        ReferrerPull.Result referrers = null;
        // From the first plan (which looks at the output) to the completed layout.
        try (OutputLayout.Claim claim = root.claim()) {
            for (Target target : targets) {
                ImageManifest manifest = target.manifest();
                log.info("Resolved " + target.what() + " to " + manifest.digest() + ": "
                        + manifest.layers().size() + " layer(s), " + Sizes.human(manifest.totalSize()) + " -> "
                        + request.outputDirectory());
                plans.add(new BlobTransfers(target, download, cache, request, log));
            }
            long toDownload =
                    plans.stream().mapToLong(BlobTransfers::bytesToDownload).sum();
            // Offline, nothing is downloaded: a missing blob fails below, and no registry client is made.
            if (!request.offline() && toDownload > 0) {
                boolean large = toDownload > ColdStart.LARGE_DOWNLOAD;
                boolean overTls = manifests.blobsOverTls();
                // BoringSSL hashes and decrypts in native code: only what the JDK does needs compiling first. Over
                // TLS it is loaded anyway; over plain HTTP loading it pays only for a large download.
                if (large || overTls && request.registry().tls().isNative()) {
                    hasher.set(request.registry().tls().hasher());
                }
                boolean nativeHashing = hasher.get() != Hasher.JDK;
                if (nativeHashing) {
                    log.debug("SHA-256 of the blobs: BoringSSL's");
                }
                if (large) {
                    ColdStart.warmForDownload(
                            !nativeHashing, overTls && !request.registry().tls().isNative());
                }
            }
            TransferProgress progress = new TransferProgress(log, toDownload, plans.size(), System::nanoTime);
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
            if (referrerPull != null) {
                referrers = referrerPull.pull(chosenReferrers);
                layouts.putAll(referrers.layouts());
            }
            root.complete(top, pulled);
        }
        resolution.recordPin(
                request.query(), top.digest(), referrers == null ? null : referrers.pins(), signature, log);
        DownloadReport.write(
                request.outputDirectory(),
                pulled,
                referrers == null ? List.of() : referrers.images(),
                (image, blob, config) -> layouts.get(image).reportedPath(blob, config),
                signatures,
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

    /**
     * Checks that {@code top}, the manifest being pulled, carries a signature by one of {@code keys}; a lock file
     * pin of the same digest names the signature manifest to check.
     */
    private List<VerifiedSignature> verifySignatures(
            PullRequest request,
            List<TrustedKey> keys,
            ImageReference ref,
            Manifest top,
            TagResolution resolution,
            ManifestSource manifests,
            BlobCache cache) {
        String repository = ref.registry() + "/" + ref.repository();
        Digest pinned = resolution.pin() != null && resolution.pin().digest().equals(top.digest())
                ? resolution.pin().signature()
                : null;
        SignedSubject subject = new SignedSubject(
                top.digest(), top.raw(), repository, request.signatures().verifySignedRepository());
        SignatureFetch source =
                new SignatureFetch(manifests, cache, request.offline(), ref.repository(), ref.toString(), log);
        return new SignatureVerifier(keys, log).verify(ref.toString(), subject, source, pinned);
    }

    /** The index entry whose artifactType matches: chosen by kind of artifact, not by platform. */
    private Descriptor byArtifactType(ImageIndex index, MediaTypeFilter artifactType, String image) {
        List<Descriptor> matching = index.manifests().stream()
                .filter(d -> d.artifactType() != null && artifactType.accepts(d.artifactType()))
                .toList();
        if (matching.isEmpty()) {
            String offered = artifactTypes(index);
            throw new BlobDownloaderException(
                    "image " + image + " is an index with no entry of " + Setting.ARTIFACT_TYPE + " " + artifactType
                            + "; its entries' artifactTypes are: " + offered + ". Set " + Setting.ARTIFACT_TYPE
                            + " to one of them",
                    true);
        }
        if (matching.size() > 1) {
            log.warn("Image " + image + " has " + matching.size() + " entries of artifactType " + artifactType
                    + "; taking the first, " + matching.get(0).digest());
        }
        return matching.get(0);
    }

    private static String artifactTypes(ImageIndex index) {
        return index.manifests().stream()
                .map(d -> d.artifactType() == null ? "none" : d.artifactType())
                .distinct()
                .collect(Collectors.joining(", "));
    }

    private static void checkArtifactType(ImageManifest manifest, MediaTypeFilter artifactType, String image) {
        if (!artifactType.accepts(manifest.effectiveArtifactType())) {
            throw new BlobDownloaderException(
                    "image " + image + " is " + (manifest.isArtifact() ? "an artifact of type " : "an image, config ")
                            + manifest.effectiveArtifactType() + ", not " + Setting.ARTIFACT_TYPE + " "
                            + artifactType + "; set " + Setting.ARTIFACT_TYPE + " to its type, or pull another"
                            + " reference",
                    true);
        }
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
