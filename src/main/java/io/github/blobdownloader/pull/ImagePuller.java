package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.layout.ResumableFiles;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.registry.RetryPolicy;
import io.github.blobdownloader.report.DownloadReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The download use case: resolve the reference, fetch and verify the manifest, choose the platform, fetch
 * every blob through its digest into the layout, then complete the layout.
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

    public PullResult pull(PullRequest request) {
        long start = System.nanoTime();
        ImageReference requested = ImageResolver.reference(request);
        RegistryEndpoint endpoint = ImageResolver.endpoint(request, requested);
        boolean allPlatforms = request.platform() != null && request.platform().trim().equalsIgnoreCase("all");
        Platform wanted = allPlatforms ? null
                : Platform.parse(request.platform() == null ? "linux/amd64" : request.platform());
        String layoutName = Layouts.check(request.layout(), allPlatforms, requested.toString());
        if (request.parallelism() < 1) {
            throw new BlobDownloaderException("<parallelism> (-Dblob.parallelism) must be at least 1, was "
                    + request.parallelism(), true);
        }
        if (request.offline()) {
            // The seam for a local blob cache: whatever it can serve goes before this line.
            throw new BlobDownloaderException("cannot pull " + requested + ": Maven is in offline mode (-o) and"
                    + " the plugin needs registry " + requested.registry() + "; run the build without -o", true);
        }
        MirroredRegistry registry = MirroredRegistry.create(request, requested, endpoint, retryTiming, log);
        // Tags are listed and pins checked at the origin: mirrors may serve stale tag lists.
        TagResolution resolution = TagResolution.resolve(request, requested, registry.origin().client(), log, true);
        ImageReference ref = resolution.reference();
        MirroredRegistry.Served<Manifest> served = registry.first("manifest of " + ref, resolution::fetchTop);
        Manifest top = served.value();
        MirroredRegistry.Source source = served.source();
        if (registry.hasMirrors()) {
            log.info("Image " + ref + " is served by the " + source.label());
        }
        if (resolution.tagChosenByStrategy()) {
            log.info("Chose tag '" + ref.tag() + "' of " + ref.registry() + "/" + ref.repository() + ", "
                    + resolution.chosenBy() + ": " + top.digest());
        }
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
                Manifest child = registry.withFallback(source, "manifest of " + what, client -> client.manifests()
                        .fetch(ref.repository(), entry.digest().toString(), entry.digest(), what));
                if (!(child instanceof ImageManifest image)) {
                    throw new BlobDownloaderException("image " + ref + " lists a nested index for "
                            + entry.platform() + "; nested indexes are not supported", false);
                }
                OutputLayout layout = allPlatforms && entry.platform() != null ? root.forPlatform(entry.platform())
                        : root;
                layout.admit(image, ref + " (" + entry.platform() + ")");
                targets.add(new Target(image, entry.platform(), layout));
            }
        } else {
            root.admit((ImageManifest) top, ref.toString());
            targets.add(new Target((ImageManifest) top, null, root));
        }

        Transfers counters = new Transfers(registry, source, ref.repository());
        List<PulledImage> pulled = new ArrayList<>();
        Map<PulledImage, OutputLayout> layouts = new IdentityHashMap<>();
        for (Target target : targets) {
            ImageManifest manifest = target.manifest();
            log.info("Resolved " + ref + (target.platform() != null ? " (" + target.platform() + ")" : "") + " to "
                    + manifest.digest() + ": " + manifest.layers().size() + " layer(s), "
                    + Sizes.human(manifest.totalSize()));
            OutputLayout layout = target.layout();
            List<Descriptor> skipped = new ArrayList<>();
            // Keyed by file: a manifest may list the same layer twice, and it is fetched once.
            Map<Path, Runnable> tasks = new LinkedHashMap<>();
            counters.addBlob(tasks, layout, manifest.config(), true);
            for (Descriptor layer : manifest.layers()) {
                if (layer.isForeign()) {
                    log.info("Skipping foreign layer " + layer.digest() + " (" + layer.mediaType()
                            + "): it is not distributed by the registry");
                    skipped.add(layer);
                    continue;
                }
                counters.addBlob(tasks, layout, layer, false);
            }
            ParallelDownloads.runAll(List.copyOf(tasks.values()), request.parallelism());
            PulledImage image = new PulledImage(ref.withDigest(top.digest()), top, manifest, target.platform(),
                    skipped);
            layout.finish(image);
            pulled.add(image);
            layouts.put(image, layout);
        }
        root.complete(top, pulled);
        resolution.recordPin(request, top.digest(), log);
        DownloadReport.write(request.outputDirectory(), pulled,
                (image, blob, config) -> layouts.get(image).reportedPath(blob, config));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        log.info(String.format(Locale.ROOT, "Downloaded %d blob(s), %s in %.1f s (%s/s), %d already present -> %s",
                counters.downloaded.get(), Sizes.human(counters.bytes.get()), elapsed.toMillis() / 1000.0,
                Sizes.human(counters.bytes.get() * 1000 / Math.max(1, elapsed.toMillis())),
                counters.reused.get(), request.outputDirectory()));
        return new PullResult(pulled, counters.downloaded.get(), counters.reused.get(), counters.bytes.get(),
                elapsed);
    }

    /** Plans the blob downloads of one pull and counts what they did. */
    private final class Transfers {
        private final MirroredRegistry registry;
        private final MirroredRegistry.Source source;
        private final String repository;
        private final AtomicInteger downloaded = new AtomicInteger();
        private final AtomicInteger reused = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Transfers(MirroredRegistry registry, MirroredRegistry.Source source, String repository) {
            this.registry = registry;
            this.source = source;
            this.repository = repository;
        }

        void addBlob(Map<Path, Runnable> tasks, OutputLayout layout, Descriptor blob, boolean config) {
            Path file = layout.blobPath(blob, config);
            if (layout.isPresent(blob, config)) {
                log.debug("Already present: " + file);
                reused.incrementAndGet();
                return;
            }
            tasks.putIfAbsent(file, () -> {
                // Resumable: a partial file from a broken connection or a killed build is continued.
                boolean written = ResumableFiles.write(file, () -> layout.isPresent(blob, config),
                        partial -> registry.withFallback(source, "blob " + blob.digest(), client -> {
                            client.blobs().download(repository, blob, partial, bytes::addAndGet);
                            return partial;
                        }));
                if (written) {
                    downloaded.incrementAndGet();
                    log.debug("Downloaded " + blob.digest() + " (" + Sizes.human(blob.size()) + ") to " + file);
                } else {
                    reused.incrementAndGet();
                    log.debug("Written meanwhile by another build: " + file);
                }
            });
        }
    }

    /** An image manifest to pull, and the layout it goes to. */
    private record Target(ImageManifest manifest, Platform platform, OutputLayout layout) {
    }
}
