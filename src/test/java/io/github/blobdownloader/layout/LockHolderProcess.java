package io.github.blobdownloader.layout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The other build of {@link DownloadLockTest}, in a JVM of its own (locks are per process). Args: the file
 * it holds, the file it then waits for. Prints {@code HOLDING} once it holds the first, waits for a line on
 * standard input, then takes the second from another thread while still holding the first; prints
 * {@code GOT} and exits 0, or prints the failure and exits 1.
 */
public final class LockHolderProcess {

    private LockHolderProcess() {}

    public static void main(String[] args) throws Exception {
        try (DownloadLock held = DownloadLock.acquire(Path.of(args[0]))) {
            System.out.println("HOLDING");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Throwable[] failure = new Throwable[1];
            Thread second = new Thread(() -> {
                try (DownloadLock other = DownloadLock.acquire(Path.of(args[1]))) {
                    System.out.println("GOT");
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            second.start();
            second.join();
            if (failure[0] != null) {
                System.out.println("FAILED " + failure[0]);
                System.exit(1);
            }
        }
    }
}
