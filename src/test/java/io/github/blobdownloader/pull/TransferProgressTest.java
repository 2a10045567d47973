package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.Log;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferProgressTest {

    private final List<String> lines = new ArrayList<>();
    private long now;

    @Test
    void aFastDownloadOfManyChunksLogsAtMostOneLineASecond() {
        TransferProgress progress = new TransferProgress(recording(), 1024L << 20, 1, () -> now);
        progress.startImage("fast", 1024L << 20);
        for (int chunk = 0; chunk < 1024; chunk++) { // 1 MiB chunks, 2 ms apart: 2 s in all
            now += 2_000_000L;
            progress.add(1 << 20);
        }
        assertEquals(2, lines.size(), lines.toString());
    }

    @Test
    void aSlowDownloadLogsEveryTenthWithRateAndEta() {
        TransferProgress progress = new TransferProgress(recording(), 100L << 20, 1, () -> now);
        progress.startImage("slow/image:1", 100L << 20);
        for (int chunk = 0; chunk < 100; chunk++) { // 1 MiB a second
            now += 1_000_000_000L;
            progress.add(1 << 20);
        }
        assertEquals(10, lines.size(), lines.toString());
        assertEquals("slow/image:1: 10.0 MiB of 100.0 MiB (10%) at 1.0 MiB/s, ETA 90 s", lines.get(0));
    }

    @Test
    void severalImagesAlsoShowTheOverallFigures() {
        TransferProgress progress = new TransferProgress(recording(), 20L << 20, 2, () -> now);
        progress.startImage("one", 10L << 20);
        now += 11_000_000_000L;
        progress.add(5L << 20);
        assertEquals(1, lines.size());
        assertTrue(
                lines.get(0).endsWith("| all images: 5.0 MiB of 20.0 MiB (25%) at 465.5 KiB/s, ETA 33 s"),
                lines.get(0));
    }

    private Log recording() {
        return new Log() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add(message);
            }

            @Override
            public void debug(String message) {}

            @Override
            public boolean isDebugEnabled() {
                return false;
            }
        };
    }
}
