package io.github.blobdownloader.pull;

import io.github.blobdownloader.Log;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bytes, rate and ETA of a pull, per image and overall, told to the log at a calm pace: a line when another
 * tenth is done or ten seconds have passed without one, never more than one a second. One line per event, no
 * carriage returns, so batch mode ({@code -B}) and CI logs stay readable. Thread-safe.
 */
final class TransferProgress {

    static final long REPORT_EVERY_NANOS = 10_000_000_000L;
    static final long MIN_GAP_NANOS = 1_000_000_000L;
    private static final int STEPS = 10;

    private final Log log;
    private final LongSupplier clock;
    private final int images;
    private final Counter overall;
    private volatile Counter current;
    private volatile long lastReport;

    /**
     * @param overallBytes bytes all images of the pull will download
     * @param images       how many images the pull has; the overall figures are shown only for more than one
     * @param clock        nanosecond clock ({@code System::nanoTime})
     */
    TransferProgress(Log log, long overallBytes, int images, LongSupplier clock) {
        this.log = log;
        this.clock = clock;
        this.images = images;
        this.overall = new Counter("all images", overallBytes, clock.getAsLong());
        this.current = overall;
        this.lastReport = overall.start;
    }

    /** Starts counting one image's downloads. */
    void startImage(String name, long bytes) {
        current = new Counter(name, bytes, clock.getAsLong());
    }

    /** Called from the download threads with each chunk written. */
    void add(long bytes) {
        Counter image = current;
        long done = image.done.addAndGet(bytes);
        overall.done.addAndGet(bytes);
        long now = clock.getAsLong();
        if (now - lastReport >= REPORT_EVERY_NANOS || (done >= image.nextStep && now - lastReport >= MIN_GAP_NANOS)) {
            report(image, now);
        }
    }

    private synchronized void report(Counter image, long now) {
        if (now - lastReport < MIN_GAP_NANOS) {
            return; // another thread just reported
        }
        lastReport = now;
        image.advanceStep();
        String line = image.describe(now);
        if (images > 1) {
            line += " | " + overall.describe(now);
        }
        log.progress(line);
    }

    /** Bytes of one image (or of all of them). */
    private static final class Counter {
        private final String name;
        private final long total;
        private final long start;
        private final AtomicLong done = new AtomicLong();
        private volatile long nextStep;

        Counter(String name, long total, long start) {
            this.name = name;
            this.total = total;
            this.start = start;
            this.nextStep = Math.max(1, total / STEPS);
        }

        void advanceStep() {
            long step = Math.max(1, total / STEPS);
            nextStep = (done.get() / step + 1) * step;
        }

        String describe(long now) {
            long bytes = done.get();
            double seconds = Math.max(1e-3, (now - start) / 1e9);
            double rate = bytes / seconds;
            String eta =
                    rate > 0 && total > bytes ? String.format(Locale.ROOT, ", ETA %.0f s", (total - bytes) / rate) : "";
            return String.format(
                    Locale.ROOT,
                    "%s: %s of %s (%d%%) at %s/s%s",
                    name,
                    Sizes.human(bytes),
                    Sizes.human(total),
                    total == 0 ? 100 : bytes * 100 / total,
                    Sizes.human((long) rate),
                    eta);
        }
    }
}
