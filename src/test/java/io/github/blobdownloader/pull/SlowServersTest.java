package io.github.blobdownloader.pull;

import static io.github.blobdownloader.pull.FaultScenario.assertComplete;
import static io.github.blobdownloader.pull.FaultScenario.finalFiles;
import static io.github.blobdownloader.pull.FaultScenario.layerPath;
import static io.github.blobdownloader.pull.FaultScenario.pull;
import static io.github.blobdownloader.pull.FaultScenario.pullFails;
import static io.github.blobdownloader.pull.FaultScenario.request;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.cutAfterBytes;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.dribble;
import static io.github.blobdownloader.testing.ScriptedRegistryProxy.trickleThenStall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TestImages.Format;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Servers that send, but too little: every such transfer ends in bounded time with one line naming the blob,
 * the bytes received and the parameters that change the rule; a connection that drops often but moves the
 * download on each time still completes.
 */
class SlowServersTest extends ProxiedRegistryTest {

    private static final int LAYER_SIZE = 3 << 20;

    @Override
    PushedImage push(int n) {
        return TestImages.pushImage(
                api, "faults/slow" + n, "v1", Format.OCI, "linux", "amd64", null, 1, LAYER_SIZE, 300 + n);
    }

    @Test
    void serverThatTricklesBeforeEveryStallFailsInBoundedTime() throws Exception {
        proxy.on(layerPath(image, 0), trickleThenStall(1024, Duration.ofSeconds(60)), -1);

        long start = System.nanoTime();
        BlobDownloaderException e = pullFails(
                request(proxy, image, out).timeout(Duration.ofSeconds(1)).retries(3), log);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

        String m = e.getMessage();
        assertTrue(seconds < 20, "three stalls of 1 s and short backoffs, not hours: " + seconds + " s");
        assertTrue(m.startsWith("download of blob " + image.layers().get(0).digest() + " of " + proxy.hostPort()), m);
        assertTrue(
                m.contains(
                        "after 3 attempt(s), 3072 of " + image.layers().get(0).size() + " bytes received"),
                m);
        assertTrue(m.contains("⟨timeout⟩") && m.contains("⟨retries⟩"), m);
        assertFalse(m.contains("\n"), m);
        assertFalse(finalFiles(out).contains(image.layers().get(0).digest().substring(7) + ".tar.gz"));
    }

    @Test
    void bodySlowerThanTheLowSpeedLimitIsAbandoned() throws Exception {
        // 200 bytes every 250 ms: never silent for the 1 s timeout, but 800 bytes/s, below the 1024 default.
        proxy.on(layerPath(image, 0), dribble(200, Duration.ofMillis(250)), -1);

        long start = System.nanoTime();
        BlobDownloaderException e = pullFails(
                request(proxy, image, out).timeout(Duration.ofSeconds(1)).retries(2), log);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

        String m = e.getMessage();
        assertTrue(seconds < 15, "bounded by the low-speed rule: " + seconds + " s");
        assertTrue(m.contains("below 1024 bytes/s"), m);
        assertTrue(m.contains("⟨lowSpeedLimit⟩") && m.contains("after 2 attempt(s)"), m);
        assertFalse(finalFiles(out).contains(image.layers().get(0).digest().substring(7) + ".tar.gz"));
    }

    @Test
    void theLowSpeedRuleCanBeTurnedOff() throws Exception {
        // 64 KiB every 100 ms for the first request only, then normal service: with the rule off the slow
        // first answer is simply read to its end.
        proxy.on(layerPath(image, 0), dribble(64 * 1024, Duration.ofMillis(100)), 1);

        pull(request(proxy, image, out).timeout(Duration.ofSeconds(2)).lowSpeedLimit(0), log);

        assertComplete(out, image);
    }

    @Test
    void connectionDroppedAfterEveryMegabyteStillCompletes() throws Exception {
        // Each answer delivers a little over 1 MiB and breaks: three answers for 3 MiB, more breaks than
        // two retries would allow if each counted.
        proxy.on(layerPath(image, 0), cutAfterBytes(1_100_000), -1);

        pull(request(proxy, image, out).retries(2), log);

        assertComplete(out, image);
        assertEquals(3, proxy.requests(layerPath(image, 0)).size(), "resumed twice");
    }
}
