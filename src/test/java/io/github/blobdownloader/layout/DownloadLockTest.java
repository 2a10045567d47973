package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadLockTest {

    @TempDir
    Path dir;

    /**
     * Two builds, two threads each, two files: this build holds A and waits for B, the other holds B and then
     * asks for A. Linux calls that a deadlock (its locks belong to processes), though this build's holder of A
     * will let go. The other build must wait its turn, not fail.
     */
    @Test
    void aDeadlockLinuxSeesBetweenThreadsOfTwoBuildsIsWaitedOut() throws Exception {
        Path a = dir.resolve(".a.lock");
        Path b = dir.resolve(".b.lock");
        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolderProcess.class.getName(),
                        b.toString(),
                        a.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        try {
            assertEquals("HOLDING", out.readLine());
            DownloadLock holdingA = DownloadLock.acquire(a);
            // A second thread of this build waits for B, which the other build holds.
            CompletableFuture<Void> waitingForB = CompletableFuture.runAsync(() -> {
                try (DownloadLock lockB = DownloadLock.acquire(b)) {
                    // got it once the other build is done
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the waiter is blocked in the kernel by now
            OutputStream in = other.getOutputStream();
            in.write('\n');
            in.flush();
            Thread.sleep(500); // the other build now asks for A, and the kernel sees a cycle
            holdingA.close();

            waitingForB.get(30, TimeUnit.SECONDS);
            assertTrue(other.waitFor(30, TimeUnit.SECONDS), "the other build finished");
            String rest = out.readLine();
            assertEquals("GOT", rest, "the other build waited for A instead of failing");
            assertEquals(0, other.exitValue());
        } finally {
            other.destroyForcibly();
        }
    }
}
