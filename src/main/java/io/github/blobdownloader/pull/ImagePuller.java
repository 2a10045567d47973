package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.HttpClients;
import io.github.blobdownloader.registry.NotFoundException;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.registry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The download use case: resolve the reference, fetch and verify the manifest, choose the platform, fetch
 * every blob through its digest into the layout, then complete the layout.
 */
public final class ImagePuller {

    /** How many tags an "unknown tag" message shows. */
    private static final int TAGS_IN_MESSAGES = 10;

    private final Log log;

    public ImagePuller(Log log) {
        this.log = log;
    }

    public PullResult pull(PullRequest request) {
        long start = System.nanoTime();
        ImageReference ref = ImageResolver.reference(request);
        RegistryEndpoint endpoint = ImageResolver.endpoint(request, ref);
        boolean allPlatforms = request.platform() != null && request.platform().trim().equalsIgnoreCase("all");
        Platform wanted = allPlatforms ? null
                : Platform.parse(request.platform() == null ? "linux/amd64" : request.platform());
        String layoutName = Layouts.check(request.layout(), allPlatforms, ref.toString());
        if (request.parallelism() < 1) {
            throw new BlobDownloaderException("<parallelism> (-Dblob.parallelism) must be at least 1, was "
                    + request.parallelism(), true);
        }
        // Created on first use: a pinned, cached or offline pull never needs it.
        Supplier<RegistryClient> client = once(() -> RegistryClient.create(endpoint,
                HttpClients.create(request.timeout(), !endpoint.insecure()), request.credentials(),
                RetryPolicy.of(request.retries()), request.timeout(), log));
        BlobCache cache = request.cacheDirectory() == null ? null : new BlobCache(request.cacheDirectory());
        ManifestSource manifests = new ManifestSource(cache, request.offline(), client);

        Manifest top = fetchTop(manifests, client, ref);
        OutputLayout root = Layouts.create(layoutName, request.outputDirectory(), ref.withDigest(top.digest()), log);
        List<Target> targets = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            List<Descriptor> entries = root.keepsWholeIndex() ? index.manifests() : index.imageEntries();
            List<Descriptor> chosen = allPlatforms ? entries : List.of(index.select(wanted)
                    .orElseThrow(() -> new BlobDownloaderException("image " + ref + " has no " + wanted
                            + " variant; it offers: " + index.platformList()
                            + ". Set <platform> (-Dblob.platform) to one of them", true)));
            for (Descriptor entry : chosen) {
                String what = ref + " (" + entry.platform() + ")";
                Manifest child = manifests.byDigest(ref.repository(), entry.digest(), what);
                if (!(child instanceof ImageManifest image)) {
                    throw new BlobDownloaderException("image " + ref + " lists a nested index for "
                            + entry.platform() + "; nested indexes are not supported", false);
                }
                OutputLayout layout = allPlatforms && entry.platform() != null ? root.forPlatform(entry.platform())
                        : root;
                layout.admit(image, what);
                targets.add(new Target(image, entry.platform(), layout, what));
            }
        } else {
            root.admit((ImageManifest) top, ref.toString());
            targets.add(new Target((ImageManifest) top, null, root, ref.toString()));
        }

        List<BlobTransfers> plans = new ArrayList<>();
        for (Target target : targets) {
            ImageManifest manifest = target.manifest();
            log.info("Resolved " + target.what() + " to " + manifest.digest() + ": " + manifest.layers().size()
                    + " layer(s), " + Sizes.human(manifest.totalSize()));
            plans.add(new BlobTransfers(target, target.layout(), client, ref.repository(),
                    cache, request, log));
        }
        TransferProgress progress = new TransferProgress(log,
                plans.stream().mapToLong(BlobTransfers::bytesToDownload).sum(), plans.size(), System::nanoTime);
        List<PulledImage> pulled = new ArrayList<>();
        for (BlobTransfers plan : plans) {
            long imageStart = System.nanoTime();
            progress.startImage(plan.target().what(), plan.bytesToDownload());
            ParallelDownloads.runAll(plan.tasks(progress::add), request.parallelism());
            Target target = plan.target();
            PulledImage image = new PulledImage(ref.withDigest(top.digest()), top, target.manifest(),
                    target.platform(), plan.skipped());
            plan.layout().finish(image);
            pulled.add(image);
            log.info(String.format(Locale.ROOT, "Pulled %s: %d blob(s), %s downloaded in %s, %d from cache,"
                    + " %d already in place", target.what(), plan.blobCount(), Sizes.human(plan.bytes()),
                    timeAndRate(plan.bytes(), System.nanoTime() - imageStart), plan.fromCache(), plan.reused()));
        }
        root.complete(top, pulled);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int downloaded = plans.stream().mapToInt(BlobTransfers::downloaded).sum();
        int reused = plans.stream().mapToInt(BlobTransfers::reused).sum();
        int fromCache = plans.stream().mapToInt(BlobTransfers::fromCache).sum();
        long bytes = plans.stream().mapToLong(BlobTransfers::bytes).sum();
        log.info(String.format(Locale.ROOT, "Downloaded %d blob(s), %s in %s, %d from cache, %d already present -> %s",
                downloaded, Sizes.human(bytes), timeAndRate(bytes, elapsed.toNanos()), fromCache, reused,
                request.outputDirectory()));
        return new PullResult(pulled, downloaded, reused, bytes, elapsed, fromCache);
    }

    /** {@code 2.1 s (487.6 MiB/s)}. */
    private static String timeAndRate(long bytes, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "%.1f s (%s/s)", seconds,
                Sizes.human((long) (bytes / Math.max(1e-3, seconds))));
    }

    /** A supplier that computes its value once, on first use. */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    private Manifest fetchTop(ManifestSource manifests, Supplier<RegistryClient> client, ImageReference ref) {
        try {
            return manifests.top(ref);
        } catch (NotFoundException e) {
            throw explainNotFound(client.get(), ref, e);
        }
    }

    /** Says whether the repository or the tag is missing, and lists a few tags that do exist. */
    private BlobDownloaderException explainNotFound(RegistryClient client, ImageReference ref, NotFoundException e) {
        String repo = ref.registry() + "/" + ref.repository();
        List<String> tags;
        try {
            tags = client.tags().list(ref.repository(), 0, 1000);
        } catch (NotFoundException repoMissing) {
            return new BlobDownloaderException("repository " + ref.repository() + " not found at registry "
                    + ref.registry() + "; check <image> (-Dblob.image)", true, e);
        } catch (BlobDownloaderException listingFailed) {
            tags = null;
        }
        String missing = ref.digest() != null ? "manifest " + ref.digest() : "tag '" + ref.tag() + "'";
        String available;
        if (tags == null) {
            available = "";
        } else if (tags.isEmpty()) {
            available = "; the repository has no tags";
        } else {
            available = "; available tags: " + String.join(", ", tags.subList(0, Math.min(TAGS_IN_MESSAGES,
                    tags.size()))) + (tags.size() > TAGS_IN_MESSAGES ? " (and " + (tags.size() - TAGS_IN_MESSAGES)
                    + " more)" : "");
        }
        return new BlobDownloaderException(missing + " not found in " + repo + available
                + "; set <tag> (-Dblob.tag) to an existing tag", true, e);
    }

    /** An image manifest to pull, the layout it goes to, and how messages name it. */
    record Target(ImageManifest manifest, Platform platform, OutputLayout layout, String what) {
    }
}
