package io.github.blobdownloader.pull;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.registry.ProxySettings;
import java.nio.file.Path;
import java.util.List;

/**
 * Pulls through an authenticating proxy in a JVM of its own, as a Maven build would: nothing has touched
 * {@code java.net.http} before the pull. Args: image, output folder, CA file, proxy port, proxy user,
 * proxy password.
 */
public final class TunnelPull {

    private TunnelPull() {
    }

    public static void main(String[] args) {
        ProxySettings proxies = new ProxySettings(List.of(new ProxySettings.Entry("corp", "http", "127.0.0.1",
                Integer.parseInt(args[3]), args[4], args[5], null)));
        new ImagePuller(stdout()).pull(PullRequest.builder(args[0], Path.of(args[1])).retries(1)
                .caCertificates(List.of(Path.of(args[2]))).proxies(proxies).build());
    }

    private static Log stdout() {
        return new Log() {
            @Override
            public void info(String message) {
                System.out.println("[INFO] " + message);
            }

            @Override
            public void warn(String message) {
                System.out.println("[WARN] " + message);
            }

            @Override
            public void debug(String message) {
                System.out.println("[DEBUG] " + message);
            }

            @Override
            public boolean isDebugEnabled() {
                return true;
            }
        };
    }
}
