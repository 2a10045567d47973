package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.layout.BlobsLayout;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
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

    public ImagePuller(Log log) {
        this.log = log;
    }

    public PullResult pull(PullRequest request) {
        long start = System.nanoTime();
        ImageReference requested = ImageResolver.reference(request);
        RegistryEndpoint endpoint = ImageResolver.endpoint(request, requested);
        boolean allPlatforms = request.platform() != null && request.platform().trim().equalsIgnoreCase("all");
        Platform wanted = allPlatforms ? null
                : Platform.parse(request.platform() == null ? "linux/amd64" : request.platform());
        checkLayout(request.layout());
        if (request.parallelism() < 1) {
            throw new BlobDownloaderException("<parallelism> (-Dblob.parallelism) must be at least 1, was "
                    + request.parallelism(), true);
        }
        RegistryClient client = ImageResolver.client(request, endpoint, log);
        TagResolution resolution = TagResolution.resolve(request, requested, client, log, true);
        ImageReference ref = resolution.reference();

        Manifest top = resolution.fetchTop(client);
        if (resolution.tagChosenByStrategy()) {
            log.info("Chose tag '" + ref.tag() + "' of " + ref.registry() + "/" + ref.repository() + ", "
                    + resolution.chosenBy() + ": " + top.digest());
        }
        List<Target> targets = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            List<Descriptor> chosen = allPlatforms ? index.imageEntries() : List.of(index.select(wanted)
                    .orElseThrow(() -> new BlobDownloaderException("image " + ref + " has no " + wanted
                            + " variant; it offers: " + index.platformList()
                            + ". Set <platform> (-Dblob.platform) to one of them", true)));
            for (Descriptor entry : chosen) {
                Manifest child = client.manifests().fetch(ref.repository(), entry.digest().toString(),
                        entry.digest(), ref + " (" + entry.platform() + ")");
                if (!(child instanceof ImageManifest image)) {
                    throw new BlobDownloaderException("image " + ref + " lists a nested index for "
                            + entry.platform() + "; nested indexes are not supported", false);
                }
                Path dir = allPlatforms ? request.outputDirectory().resolve(entry.platform().folderName())
                        : request.outputDirectory();
                targets.add(new Target(image, entry.platform(), dir));
            }
        } else {
            targets.add(new Target((ImageManifest) top, null, request.outputDirectory()));
        }

        Transfers counters = new Transfers(client, ref.repository());
        List<PulledImage> pulled = new ArrayList<>();
        Map<PulledImage, OutputLayout> layouts = new IdentityHashMap<>();
        for (Target target : targets) {
            ImageManifest manifest = target.manifest();
            log.info("Resolved " + ref + (target.platform() != null ? " (" + target.platform() + ")" : "") + " to "
                    + manifest.digest() + ": " + manifest.layers().size() + " layer(s), "
                    + Sizes.human(manifest.totalSize()));
            OutputLayout layout = new BlobsLayout(target.directory());
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
        resolution.recordPin(request, top.digest(), log);
        DownloadReport.write(request.outputDirectory(), pulled,
                (image, blob, config) -> layouts.get(image).blobPath(blob, config));
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
        private final RegistryClient client;
        private final String repository;
        private final AtomicInteger downloaded = new AtomicInteger();
        private final AtomicInteger reused = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Transfers(RegistryClient client, String repository) {
            this.client = client;
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
                AtomicFiles.write(file, temp -> client.blobs().download(repository, blob, temp, bytes::addAndGet));
                downloaded.incrementAndGet();
                log.debug("Downloaded " + blob.digest() + " (" + Sizes.human(blob.size()) + ") to " + file);
            });
        }
    }

    private static void checkLayout(String layout) {
        if (layout != null && !layout.equals("blobs")) {
            throw new BlobDownloaderException("unknown <layout> (-Dblob.layout) '" + layout
                    + "': supported layouts are blobs", true);
        }
    }

    /** An image manifest to pull into a folder. */
    private record Target(ImageManifest manifest, Platform platform, Path directory) {
    }
}
