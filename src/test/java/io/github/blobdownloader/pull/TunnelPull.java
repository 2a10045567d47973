package io.github.blobdownloader.pull;

import io.github.blobdownloader.registry.ProxySettings;
import io.github.blobdownloader.testing.StdoutLog;
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
        new ImagePuller(new StdoutLog()).pull(PullRequest.builder(args[0], Path.of(args[1])).retries(1)
                .caCertificates(List.of(Path.of(args[2]))).proxies(proxies).build());
    }
}
