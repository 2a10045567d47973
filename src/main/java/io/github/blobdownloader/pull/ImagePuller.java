package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.layout.BlobsLayout;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.PulledImage;
import io.github.blobdownloader.layout.ResumableFiles;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** How many tags an "unknown tag" message shows. */
    private static final int TAGS_IN_MESSAGES = 10;

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
        ImageReference ref = ImageResolver.reference(request);
        RegistryEndpoint endpoint = ImageResolver.endpoint(request, ref);
        boolean allPlatforms = request.platform() != null && request.platform().trim().equalsIgnoreCase("all");
        Platform wanted = allPlatforms ? null
                : Platform.parse(request.platform() == null ? "linux/amd64" : request.platform());
        checkLayout(request.layout());
        if (request.parallelism() < 1) {
            throw new BlobDownloaderException("<parallelism> (-Dblob.parallelism) must be at least 1, was "
                    + request.parallelism(), true);
        }
        RegistryClient client = RegistryClient.create(endpoint,
                HttpClients.create(request.timeout(), !endpoint.insecure()), request.credentials(),
                retryTiming.withAttempts(request.retries()), request.timeout(), log);

        Manifest top = fetchTop(client, ref);
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
        }
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
                // Resumable: a partial file from a broken connection or a killed build is continued.
                boolean written = ResumableFiles.write(file, () -> layout.isPresent(blob, config),
                        partial -> client.blobs().download(repository, blob, partial, bytes::addAndGet));
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

    private Manifest fetchTop(RegistryClient client, ImageReference ref) {
        try {
            return client.manifests().fetch(ref.repository(), ref.manifestReference(), ref.digest(), ref.toString());
        } catch (NotFoundException e) {
            throw explainNotFound(client, ref, e);
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
