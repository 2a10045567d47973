package io.github.blobdownloader.testing;

import java.io.IOException;
import java.util.List;

/**
 * Starts a real registry on a free loopback port, pushes sample images, prints {@code READY <host:port>}
 * and serves until standard input closes. Used by {@code scripts/demo.sh} and the benchmark.
 *
 * <p>Images: {@code demo/hello:1.0} (Docker manifest list for linux/amd64 and linux/arm64/v8) and
 * {@code demo/hello:oci} (a single OCI image of three layers).
 */
public final class DemoRegistry {

    private DemoRegistry() {}

    public static void main(String[] args) throws IOException {
        try (RegistryServer server = RegistryServer.builder().start()) {
            RegistryApi api = new RegistryApi(server.baseUri());
            TestImages.pushMultiPlatform(api, "demo/hello", "1.0", TestImages.Format.DOCKER, 42);
            TestImages.pushImage(
                    api, "demo/hello", "oci", TestImages.Format.OCI, "linux", "amd64", null, 3, 256 * 1024, 7);
            System.out.println("READY " + server.hostPort() + " " + List.of("demo/hello:1.0", "demo/hello:oci"));
            System.out.flush();
            // Serve until the caller closes our stdin (or kills us; the shutdown hook stops the registry).
            while (System.in.read() >= 0) {
                // keep serving
            }
        }
    }
}
