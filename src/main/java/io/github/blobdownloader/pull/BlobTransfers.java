package io.github.blobdownloader.pull;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.layout.ContentCheck;
import io.github.blobdownloader.layout.FolderParameter;
import io.github.blobdownloader.layout.OutputLayout;
import io.github.blobdownloader.layout.ResumableFiles;
import io.github.blobdownloader.manifest.Descriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The blobs of one image and where each comes from: already in place in the output (no request), from the
 * shared cache (no request; a copy, or a hard link into a layout's private staging folder), or downloaded
 * from the registry into the cache and placed from there. Downloads continue a partial file left by a broken connection or a killed build. Counts what
 * happened.
 */
final class BlobTransfers {

    /** Completes a partial file with the blob's bytes and verifies them. */
    @FunctionalInterface
    interface Download {
        void into(Descriptor blob, Path partial, LongConsumer progress);
    }

    private final ImagePuller.Target target;
    private final OutputLayout layout;
    private final Download download;
    private final BlobCache cache;
    private final boolean verifyExisting;
    private final boolean offline;
    private final Log log;
    /** Keyed by file: a manifest may list the same layer twice, and it is fetched once. */
    private final Map<Path, Descriptor> pending = new LinkedHashMap<>();

    private final List<Descriptor> skipped = new ArrayList<>();
    private int blobCount;
    private int reused;
    private long bytesToDownload;
    private final AtomicInteger downloaded = new AtomicInteger();
    private final AtomicInteger fromCache = new AtomicInteger();
    /** Blobs another build wrote while this one waited for the file's lock. */
    private final AtomicInteger placedMeanwhile = new AtomicInteger();

    private final AtomicLong bytes = new AtomicLong();

    BlobTransfers(ImagePuller.Target target, Download download, BlobCache cache, PullRequest request, Log log) {
        this.target = target;
        this.layout = target.layout();
        this.download = download;
        this.cache = cache;
        this.verifyExisting = request.verifyExisting();
        this.offline = request.offline();
        this.log = log;
        Descriptor config = target.manifest().config();
        String configLeftOut = layout.leavesOut(config, true);
        if (configLeftOut == null) {
            plan(config, true);
        } else {
            log.debug("Not writing config " + config.digest() + ": " + configLeftOut);
        }
        // One line per reason: an image pulled as files leaves every layer out, and says so once.
        Map<String, List<Descriptor>> leftOut = new LinkedHashMap<>();
        for (Descriptor layer : target.manifest().layers()) {
            String reason = layout.leavesOut(layer, false);
            if (layer.isForeign()) {
                log.info("Skipping foreign layer " + layer.digest() + " (" + layer.mediaType() + ") of " + target.what()
                        + ": it is not distributed by the registry");
                skipped.add(layer);
            } else if (reason != null) {
                leftOut.computeIfAbsent(reason, r -> new ArrayList<>()).add(layer);
                skipped.add(layer);
            } else {
                plan(layer, false);
            }
        }
        leftOut.forEach((reason, layers) -> log.info("Skipping "
                + (layers.size() == 1 ? "layer " : layers.size() + " layers: ")
                + layers.stream()
                        .map(l -> l.digest() + " (" + l.mediaType() + ")")
                        .collect(Collectors.joining(", "))
                + " of " + target.what() + ": " + reason));
    }

    private void plan(Descriptor blob, boolean config) {
        blobCount++;
        Path file = layout.blobPath(blob, config);
        if (inPlace(file, blob, config)) {
            log.debug("Already present: " + file);
            reused++;
            return;
        }
        if (pending.putIfAbsent(file, blob) == null && (cache == null || !cache.holds(blob.digest(), blob.size()))) {
            bytesToDownload += blob.size();
        }
    }

    private boolean inPlace(Path file, Descriptor blob, boolean config) {
        try {
            return layout.isPresent(blob, config) && (!verifyExisting || ContentCheck.hashes(file, blob.digest()));
        } catch (IOException e) {
            return false;
        }
    }

    /** One task per blob still to place, reporting downloaded bytes to {@code progress}. */
    List<Runnable> tasks(LongConsumer progress) {
        List<Runnable> tasks = new ArrayList<>();
        pending.forEach((file, blob) -> tasks.add(() -> place(file, blob, progress)));
        return tasks;
    }

    private void place(Path file, Descriptor blob, LongConsumer progress) {
        LongConsumer counted = n -> {
            bytes.addAndGet(n);
            progress.accept(n);
        };
        if (cache == null) {
            if (offline) {
                throw ManifestSource.notCached("blob " + blob.digest(), target.what(), null);
            }
            boolean config = blob.equals(target.manifest().config());
            boolean written = ResumableFiles.write(
                    file,
                    FolderParameter.OUTPUT,
                    () -> inPlace(file, blob, config),
                    partial -> download(blob, partial, counted));
            (written ? downloaded : placedMeanwhile).incrementAndGet();
            if (log.isDebugEnabled()) {
                log.debug((written ? "Downloaded " : "Written meanwhile by another build: ") + blob.digest() + " to "
                        + file);
            }
            return;
        }
        BlobCache.Entry entry = offline
                ? cache.find(blob.digest(), blob.size(), verifyExisting)
                        .map(f -> new BlobCache.Entry(f, true))
                        .orElseThrow(() -> ManifestSource.notCached("blob " + blob.digest(), target.what(), cache))
                : cache.fetch(blob.digest(), blob.size(), verifyExisting, partial -> download(blob, partial, counted));
        // A blob this pull downloaded is linked into the output: nobody else has the entry yet, and an edit
        // through the link changes the entry's ctime, so the next pull finds it shared or changed and verifies
        // it before use. An entry that was already there is copied, so no two outputs share a file.
        BlobCache.Placement how = BlobCache.place(entry.file(), file, layout.mayLinkFromCache() || !entry.hit());
        if (!entry.hit()) {
            cache.stamp(entry);
        }
        (entry.hit() ? fromCache : downloaded).incrementAndGet();
        if (log.isDebugEnabled()) {
            log.debug((entry.hit() ? "From cache " : "Downloaded ") + blob.digest() + " (" + Sizes.human(blob.size())
                    + "), " + how.name().toLowerCase(Locale.ROOT) + " to " + file);
        }
    }

    /**
     * The registry's blob fetcher reports a failure to write the partial file as an
     * {@link UncheckedIOException}; the file layer gets its {@code IOException}, since it knows which setting
     * names the folder and frees the space of a full disk.
     */
    private void download(Descriptor blob, Path partial, LongConsumer counted) throws IOException {
        try {
            download.into(blob, partial, counted);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    ImagePuller.Target target() {
        return target;
    }

    List<Descriptor> skipped() {
        return List.copyOf(skipped);
    }

    /** Blobs the image lists that the layout keeps (config included, foreign and left-out layers not). */
    int blobCount() {
        return blobCount;
    }

    /** Bytes expected from the registry: blobs neither in place nor in the cache. */
    long bytesToDownload() {
        return bytesToDownload;
    }

    int reused() {
        return reused + placedMeanwhile.get();
    }

    int downloaded() {
        return downloaded.get();
    }

    int fromCache() {
        return fromCache.get();
    }

    long bytes() {
        return bytes.get();
    }
}
