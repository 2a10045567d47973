package io.github.blobdownloader.extract;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.layout.BlobsLayout;
import io.github.blobdownloader.layout.DirectoryLock;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The {@code extract} use case: pull the image as {@code download} does (into a private folder next to the
 * output, blobs from the shared cache), read its layers once each, top first, writing what no upper layer
 * hides; plan the final tree from their headers (the changeset rules and the filters), make the staging
 * folder match the plan, and rename the result into place. A refused or interrupted extraction leaves the previous
 * output, or nothing, under the final name.
 */
public final class ImageExtractor {

    /** The working folders next to the output: {@code .<name>.pull-<8 hex>}, {@code .staging-}, {@code .old-}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.(pull|staging|old)-[0-9a-f]{8}");

    private final Log log;
    private final boolean guess;

    public ImageExtractor(Log log) {
        this(log, true);
    }

    /** {@code guess} off: the first pass writes nothing, the second every content (the tests compare both). */
    ImageExtractor(Log log, boolean guess) {
        this.log = log;
        this.guess = guess;
    }

    public ExtractResult extract(ExtractRequest request) {
        Path output = request.outputDirectory().toAbsolutePath().normalize();
        // One extraction per output at a time, across threads and processes: the second of two concurrent
        // builds then finds the first one's marker and does nothing.
        try (DirectoryLock lock = DirectoryLock.acquire(output.resolveSibling("." + output.getFileName() + ".lock"))) {
            return extractLocked(request, output);
        }
    }

    private ExtractResult extractLocked(ExtractRequest request, Path output) {
        removeLeftovers(output);
        PathFilter filter = PathFilter.of(request.includes(), request.excludes());
        if (request.pull().platform() != null
                && request.pull().platform().trim().equalsIgnoreCase("all")) {
            throw new BlobDownloaderException(
                    "extract builds one file system: set " + Setting.PLATFORM + " to"
                            + " one platform such as linux/amd64, not all",
                    true);
        }
        Path parent = output.getParent();
        checkOwned(output);
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw folderFailure("cannot create " + parent, e);
        }
        String name = output.getFileName().toString();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Path pullFolder = parent.resolve("." + name + ".pull-" + unique);
        Path staging = parent.resolve("." + name + ".staging-" + unique);
        AtomicBoolean upToDate = new AtomicBoolean();
        try {
            PullResult pulled = new ImagePuller(log)
                    .pull(
                            request.pull().withOutputDirectory(pullFolder).withLayout(Layouts.PRIVATE_BLOBS),
                            (resolved, manifest) -> {
                                admit(manifest, resolved);
                                upToDate.set(
                                        marker(resolved, manifest, filter).sameContent(ExtractionMarker.read(output)));
                                return upToDate.get();
                            });
            ImageReference reference = pulled.images().get(0).reference();
            ImageManifest manifest = pulled.images().get(0).manifest();
            if (upToDate.get()) {
                log.info("Extract of " + reference + " is up to date in " + output + " (" + manifest.digest()
                        + "): nothing requested, nothing written");
                return new ExtractResult(reference, manifest.digest().toString(), true);
            }
            long start = System.nanoTime();
            Files.createDirectory(staging);
            Written written = apply(
                    manifest, reference, new BlobsLayout(pullFolder), staging, pullFolder.resolve("scratch"), filter);
            marker(reference, manifest, filter).write(staging);
            replace(output, staging);
            report(written, reference, output, manifest, System.nanoTime() - start);
            return new ExtractResult(reference, manifest.digest().toString(), false);
        } catch (IOException e) {
            throw folderFailure("cannot write the extracted files", e);
        } finally {
            deleteQuietly(staging);
            deleteQuietly(pullFolder);
        }
    }

    /**
     * Reads every layer once, top layer first, writing at once what no upper layer hides
     * ({@link TopDownPass}); plans the final tree from the headers (the changeset rules and the filters,
     * refusals included); reconciles the tree with the plan and reads again only the layers that still have
     * a planned content to write. A file a later layer deletes or replaces, or the filters drop, is not
     * written, except in a layer that replaces its own entries, which the plan then corrects.
     */
    private Written apply(
            ImageManifest manifest,
            ImageReference reference,
            BlobsLayout blobs,
            Path staging,
            Path scratch,
            PathFilter filter)
            throws IOException {
        List<Descriptor> layers = manifest.layers();
        RootDirectory root = new RootDirectory(staging);
        TopDownPass pass = new TopDownPass(root, Files.createDirectories(scratch), filter, guess);
        long start = System.nanoTime();
        List<List<LayerEntry>> headers = new ArrayList<>(Collections.nCopies(layers.size(), null));
        for (int i = layers.size() - 1; i >= 0; i--) {
            int index = i;
            headers.set(i, readLayer(layers, i, reference, blobs, tar -> pass.read(index, tar)));
        }
        long read = System.nanoTime();
        ChangesetPlan plan = new ChangesetPlan();
        for (int i = 0; i < layers.size(); i++) {
            plan.apply(i, headers.get(i), label(layers, i, reference));
        }
        ChangesetPlan.WritePlan writePlan = plan.finish(filter);
        Map<Integer, Map<Integer, ChangesetPlan.WritePlan.File>> missing = pass.reconcile(writePlan);
        long planned = System.nanoTime();
        PlanWriter writer = new PlanWriter(root, writePlan);
        inParallel(
                missing.keySet().stream().sorted().toList(),
                i -> readLayer(layers, i, reference, blobs, tar -> {
                    writer.writeFiles(missing.get(i), tar);
                    return null;
                }));
        try {
            writer.createLinks();
        } catch (UnsafeEntryException e) {
            throw new IllegalStateException("the plan refuses every unsafe entry before writing", e);
        }
        writer.finishDirectories();
        long end = System.nanoTime();
        return new Written(
                writePlan,
                pass.filesWritten() + writer.filesWritten(),
                pass.bytesWritten() + writer.bytesWritten(),
                missing.size(),
                read - start,
                planned - read,
                end - planned);
    }

    /**
     * {@code work} for each of {@code layers}, on as many threads as there are cores: inflating is what
     * extract spends its time on, and the second reads are independent (the plan gave each file its own path,
     * and the directories exist before any content is written). Returns when every task has ended, so a failure
     * never leaves a writer running into a staging folder that is being deleted.
     */
    private static <T> List<T> inParallel(List<Integer> layers, IntFunction<T> work) {
        int threads = Math.min(layers.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            return layers.stream().map(work::apply).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "blob-downloader-extract");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures =
                    layers.stream().map(i -> pool.submit(() -> work.apply(i))).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlobDownloaderException("extract was interrupted", false, e);
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("a layer reader did not stop within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The plan, the files and bytes really written, and the time of each pass. */
    private record Written(
            ChangesetPlan.WritePlan plan,
            long files,
            long bytes,
            int layersReadAgain,
            long readNanos,
            long planNanos,
            long writeNanos) {}

    private interface LayerReading<T> {
        T read(InputStream tar) throws IOException, UnsafeEntryException;
    }

    private static <T> T readLayer(
            List<Descriptor> layers, int index, ImageReference reference, BlobsLayout blobs, LayerReading<T> reading) {
        Descriptor layer = layers.get(index);
        String what = label(layers, index, reference);
        LayerCompression compression = LayerCompression.of(layer.mediaType(), what);
        try (InputStream blob = Files.newInputStream(blobs.blobPath(layer, false));
                InputStream tar = new ReadAhead(compression.open(blob, what))) {
            return reading.read(tar);
        } catch (UnsafeEntryException e) {
            throw new IllegalStateException("the plan refuses every unsafe entry before writing", e);
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot apply " + what + ": " + e.getMessage()
                            + "; either the layer is broken (not a complete tar: push the image again, or use another)"
                            + " or the folder of " + Setting.OUTPUT_DIRECTORY + " is not writable or full",
                    false,
                    e);
        }
    }

    /** How messages name a layer: {@code layer 2/3 (sha256:…) of <reference>}. */
    private static String label(List<Descriptor> layers, int index, ImageReference reference) {
        return "layer " + (index + 1) + "/" + layers.size() + " ("
                + layers.get(index).digest() + ") of " + reference;
    }

    /** Refuses, before any blob is fetched, an image whose layers extract cannot apply. */
    private static void admit(ImageManifest manifest, ImageReference reference) {
        List<Descriptor> layers = manifest.layers();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            String what = label(layers, i, reference);
            if (layer.isForeign()) {
                throw new BlobDownloaderException(
                        what + " is a foreign (non-distributable) layer, which the registry"
                                + " does not serve; extract cannot build the file system without it: use an image without"
                                + " foreign layers (e.g. a Linux one)",
                        true);
            }
            LayerCompression.of(layer.mediaType(), what);
        }
    }

    private static ExtractionMarker marker(ImageReference reference, ImageManifest manifest, PathFilter filter) {
        return new ExtractionMarker(
                reference.toString(), manifest.digest().toString(), filter.includes(), filter.excludes());
    }

    /**
     * Deletes the working folders of an extraction into {@code output} that was killed: with the lock held, no
     * other extraction into it is running.
     */
    private void removeLeftovers(Path output) {
        String prefix = "." + output.getFileName() + ".";
        try (var siblings = Files.list(output.getParent())) {
            siblings.filter(p -> LEFTOVER.matcher(p.getFileName().toString()).matches()
                            && p.getFileName().toString().startsWith(prefix))
                    .forEach(this::deleteQuietly);
        } catch (IOException e) {
            log.debug("Could not look for leftovers next to " + output + ": " + e.getMessage());
        }
    }

    /** A folder extract did not write (no marker) is never replaced: it may be the user's. */
    private static void checkOwned(Path output) {
        if (!Files.exists(output) || Files.exists(output.resolve(ExtractionMarker.FILE_NAME))) {
            return;
        }
        boolean empty;
        try (var entries = Files.list(output)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            empty = false;
        }
        if (!empty) {
            throw new BlobDownloaderException(
                    Setting.OUTPUT_DIRECTORY + " " + output + " exists and"
                            + " was not written by extract (no " + ExtractionMarker.FILE_NAME
                            + "); extract replaces the"
                            + " whole folder, so choose a folder of its own or delete this one",
                    true);
        }
    }

    /** Moves the finished tree under the final name; the old one goes aside first and is deleted after. */
    private static void replace(Path output, Path staging) throws IOException {
        Path old = null;
        if (Files.exists(output)) {
            old = output.resolveSibling("." + output.getFileName() + ".old-"
                    + UUID.randomUUID().toString().substring(0, 8));
            move(output, old);
        }
        move(staging, output);
        if (old != null) {
            RootDirectory.deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private void report(Written written, ImageReference reference, Path output, ImageManifest manifest, long nanos) {
        ChangesetPlan.WritePlan plan = written.plan();
        if (plan.devices > 0) {
            log.info("Skipped " + plan.devices + " device node(s) and fifo(s) of " + reference + ", e.g. "
                    + plan.firstDevice + ": a build cannot create them without root");
        }
        log.info(String.format(
                Locale.ROOT,
                "Extracted %s into %s in %.1f s: %d layer(s) applied, %d file(s) (%d bytes),"
                        + " %d directory(ies), %d link(s) written, of %d tar entries"
                        + " (layers read in %.1f s, planned in %.2f s, %d layer(s) read again in %.1f s)",
                reference,
                output,
                nanos / 1e9,
                manifest.layers().size(),
                written.files(),
                written.bytes(),
                plan.directories.size(),
                plan.hardLinks.size() + plan.symlinks.size(),
                plan.entries,
                written.readNanos() / 1e9,
                written.planNanos() / 1e9,
                written.layersReadAgain(),
                written.writeNanos() / 1e9));
    }

    private static BlobDownloaderException folderFailure(String what, IOException e) {
        return new BlobDownloaderException(
                "extract " + what + ": " + e.getMessage() + "; check that the folder of" + " "
                        + Setting.OUTPUT_DIRECTORY + " is writable and has space",
                false,
                e);
    }

    private void deleteQuietly(Path path) {
        try {
            RootDirectory.deleteTree(path);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the working folder " + path + ": " + e.getMessage() + "; delete it by hand");
        }
    }
}
