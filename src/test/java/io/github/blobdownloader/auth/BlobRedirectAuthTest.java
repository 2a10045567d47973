package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.blobdownloader.pull.ImagePuller;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.TestImages;
import io.github.blobdownloader.testing.TokenServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry, in token mode, redirects blob downloads (its {@code redirect} storage middleware) to a
 * blob store on another loopback host that, like S3 behind a presigned URL, rejects any request carrying an
 * {@code Authorization} header. The pull only works if the credentials stay with the registry.
 */
class BlobRedirectAuthTest {

    @TempDir
    Path tmp;

    @Test
    void credentialsAreNotSentToTheBlobStoreARedirectPointsTo() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer blobStore = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        RegistryServer[] registry = new RegistryServer[1];
        blobStore.createContext("/", exchange -> {
            try (exchange) {
                boolean authorized = exchange.getRequestHeaders().containsKey("Authorization");
                seen.add(exchange.getRequestURI().getPath() + (authorized ? " WITH Authorization" : ""));
                Path file = registry[0]
                        .storageDir()
                        .resolve(exchange.getRequestURI().getPath().substring(1));
                if (authorized || !Files.isRegularFile(file)) {
                    byte[] body = (authorized ? "Only one auth mechanism allowed" : "no such blob")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(authorized ? 400 : 404, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            } catch (IOException e) {
                seen.add("error " + e);
            }
        });
        blobStore.start();
        try (TokenServer tokens = TokenServer.start().user("bob", "Pw-bob-51c0");
                RegistryServer started = RegistryServer.builder()
                        .auth(tokens.authYaml())
                        .configFragment("middleware:\n  storage:\n    - name: redirect\n      options:\n"
                                + "        baseurl: http://127.0.0.2:"
                                + blobStore.getAddress().getPort() + "/")
                        .start()) {
            registry[0] = started;
            RegistryApi api =
                    RegistryApi.withAuthorization(started.baseUri(), tokens.bearer("team/app", "pull", "push"));
            PushedImage image = TestImages.pushImage(
                    api, "team/app", "1.0", TestImages.Format.OCI, "linux", "amd64", null, 2, 50_000, 21);
            RecordingLog log = new RecordingLog();

            new ImagePuller(log)
                    .pull(PullRequest.builder(started.hostPort() + "/team/app:1.0", tmp)
                            .credentials(registryName -> Optional.of(new Credential("bob", "Pw-bob-51c0", "test")))
                            .retries(1)
                            .timeout(Duration.ofSeconds(20))
                            .build());

            assertEquals(3, seen.size(), "config and two layers came from the blob store: " + seen);
            assertTrue(seen.stream().noneMatch(s -> s.contains("Authorization")), seen.toString());
            for (PushedImage.Layer layer : image.layers()) {
                Path file = tmp.resolve(layer.digest().substring("sha256:".length()) + ".tar.gz");
                assertEquals(layer.size(), Files.size(file));
            }
        } finally {
            blobStore.stop(0);
        }
    }
}
