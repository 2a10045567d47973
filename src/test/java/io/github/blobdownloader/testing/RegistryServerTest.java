package io.github.blobdownloader.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.testing.TestImages.Format;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exercises the harness against the real registry binary, checking results with plain HTTP. */
class RegistryServerTest {

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void openRegistryServesPushedOciDockerAndIndexManifests() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().start()) {
            RegistryApi api = new RegistryApi(registry.baseUri());

            PushedImage oci =
                    TestImages.pushImage(api, "test/oci", "v1", Format.OCI, "linux", "amd64", null, 2, 4096, 1);
            PushedImage docker =
                    TestImages.pushImage(api, "test/docker", "v1", Format.DOCKER, "linux", "arm", "v7", 1, 1024, 2);
            PushedIndex index = TestImages.pushMultiPlatform(api, "test/multi", "latest", Format.OCI, 3);

            assertManifest(
                    registry.baseUri(), "test/oci", "v1", oci.mediaType(), oci.manifestDigest(), oci.manifestBytes());
            assertManifest(
                    registry.baseUri(),
                    "test/docker",
                    "v1",
                    docker.mediaType(),
                    docker.manifestDigest(),
                    docker.manifestBytes());
            assertManifest(
                    registry.baseUri(),
                    "test/multi",
                    "latest",
                    MediaTypes.OCI_INDEX,
                    index.manifestDigest(),
                    index.bytes());
            for (PushedImage platform : index.images()) {
                assertManifest(
                        registry.baseUri(),
                        "test/multi",
                        platform.manifestDigest(),
                        platform.mediaType(),
                        platform.manifestDigest(),
                        platform.manifestBytes());
            }

            PushedImage.Layer layer = oci.layers().get(1);
            HttpResponse<byte[]> blob =
                    get(registry.baseUri().resolve("/v2/test/oci/blobs/" + layer.digest()), null, null);
            assertEquals(200, blob.statusCode());
            assertArrayEquals(layer.bytes(), blob.body());
            assertEquals(layer.digest(), Digests.sha256(blob.body()));

            assertEquals(List.of("v1"), api.tags("test/oci"));
            assertEquals("arm", docker.architecture());
            assertEquals("v7", docker.variant());
            assertTrue(
                    new String(oci.configBytes(), StandardCharsets.UTF_8)
                            .contains(Digests.sha256(
                                    TarGz.gunzip(oci.layers().get(0).bytes()))),
                    "diff_id of layer 0");
        }
    }

    @Test
    void dockerManifestListAndUnusualLayersArePushed() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().start()) {
            RegistryApi api = new RegistryApi(registry.baseUri());
            PushedIndex list = TestImages.pushMultiPlatform(api, "test/list", "v2", Format.DOCKER, 9);
            assertManifest(
                    registry.baseUri(),
                    "test/list",
                    "v2",
                    MediaTypes.DOCKER_MANIFEST_LIST,
                    list.manifestDigest(),
                    list.bytes());

            PushedImage odd = TestImages.pushImage(
                    api,
                    "test/odd",
                    "v1",
                    Format.OCI,
                    "linux",
                    "amd64",
                    null,
                    List.of(
                            LayerSpec.ociZstd(1, 3000),
                            LayerSpec.ociTar(2, 3000),
                            LayerSpec.dockerForeign(
                                    TarGz.randomLayer(3, 100), List.of("https://example.invalid/l.tgz"))),
                    TestImages.DEFAULT_CREATED);
            assertTrue(api.blobExists("test/odd", odd.layers().get(0).digest()));
            assertFalse(api.blobExists("test/odd", odd.layers().get(2).digest()), "foreign layer is not uploaded");
            assertArrayEquals(
                    TarGz.randomLayerTar(1, 3000),
                    Zstd.decodeStored(odd.layers().get(0).bytes()));
        }
    }

    @Test
    void untaggedManifestCanBeDeleted() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().start()) {
            RegistryApi api = new RegistryApi(registry.baseUri());
            PushedImage image =
                    TestImages.pushImage(api, "test/untagged", null, Format.OCI, "linux", "amd64", null, 1, 512, 4);
            assertEquals(image.manifestDigest(), image.reference());
            URI manifest = registry.baseUri().resolve("/v2/test/untagged/manifests/" + image.manifestDigest());
            // Registry 2.8 only serves OCI manifests to clients that accept them.
            assertEquals(200, get(manifest, null, null, MediaTypes.OCI_MANIFEST).statusCode());
            api.deleteManifest("test/untagged", image.manifestDigest());
            assertEquals(404, get(manifest, null, null, MediaTypes.OCI_MANIFEST).statusCode());
        }
    }

    @Test
    void htpasswdRegistryRequiresBasicAuth() throws Exception {
        try (RegistryServer registry =
                RegistryServer.builder().htpasswd("alice", "s3cret:!").start()) {
            URI v2 = registry.baseUri().resolve("/v2/");
            HttpResponse<byte[]> anonymous = get(v2, null, null);
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous
                    .headers()
                    .firstValue("WWW-Authenticate")
                    .orElse("")
                    .contains("realm=\"test-registry\""));
            assertEquals(401, get(v2, "alice", "wrong").statusCode());
            assertEquals(200, get(v2, "alice", "s3cret:!").statusCode());

            PushedImage image = TestImages.pushImage(
                    new RegistryApi(registry.baseUri(), "alice", "s3cret:!"),
                    "private/app",
                    "1.0",
                    Format.DOCKER,
                    "linux",
                    "amd64",
                    null,
                    1,
                    256,
                    5);
            HttpResponse<byte[]> manifest = get(
                    registry.baseUri().resolve("/v2/private/app/manifests/1.0"),
                    "alice",
                    "s3cret:!",
                    MediaTypes.DOCKER_MANIFEST);
            assertEquals(
                    image.manifestDigest(),
                    manifest.headers().firstValue("Docker-Content-Digest").orElse(null));

            IllegalStateException denied = assertThrows(
                    IllegalStateException.class,
                    () -> new RegistryApi(registry.baseUri()).pushBlob("private/app", new byte[] {1}));
            assertTrue(denied.getMessage().contains("401"), denied.getMessage());
        }
    }

    @Test
    void closeStopsProcessFreesPortAndDeletesStorage() throws Exception {
        RegistryServer registry = RegistryServer.builder().start();
        int port = registry.port();
        assertTrue(Files.isDirectory(registry.storageDir()));
        assertEquals("127.0.0.1:" + port, registry.hostPort());
        assertEquals(URI.create("http://127.0.0.1:" + port), registry.baseUri());

        registry.close();
        registry.close(); // idempotent

        assertFalse(registry.isRunning());
        assertFalse(Files.exists(registry.storageDir()));
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void fixedPortConflictAndBadConfigFailWithLogTail() throws Exception {
        int port = freePort();
        try (RegistryServer first = RegistryServer.builder().port(port).start()) {
            assertEquals(port, first.port());
            IllegalStateException clash = assertThrows(
                    IllegalStateException.class,
                    () -> RegistryServer.builder().port(port).start());
            assertTrue(clash.getMessage().contains("address already in use"), clash.getMessage());
        }
        IllegalStateException bad = assertThrows(
                IllegalStateException.class,
                () -> RegistryServer.builder()
                        .configFragment("storage:\n  nosuchdriver: {}\n")
                        .start());
        assertTrue(bad.getMessage().contains("log tail"), bad.getMessage());
    }

    @Test
    void configFragmentOverridesTopLevelSections() throws Exception {
        try (RegistryServer registry =
                RegistryServer.builder().configFragment("""
                        log:
                          level: error
                        notifications:
                          events:
                            includereferences: true
                        """).start()) {
            String config = Files.readString(registry.configFile());
            assertTrue(config.contains("log:\n  level: error\n"), config);
            assertFalse(config.contains("level: warn"), config);
            assertTrue(config.contains("notifications:\n  events:\n    includereferences: true\n"), config);
            assertEquals(
                    200, get(registry.baseUri().resolve("/v2/"), null, null).statusCode());
        }
    }

    @Test
    void sharedRegistryStartsOnceAndReusesRunningOnes() throws Exception {
        int port = freePort();
        SharedRegistry started = SharedRegistry.ensureStarted(port, "bob", "pw");
        try {
            assertTrue(started.startedHere());
            assertEquals(401, get(started.baseUri().resolve("/v2/"), null, null).statusCode());
            assertEquals(port, SharedRegistry.ensureStarted(port, "bob", "pw").port());
            assertThrows(IllegalStateException.class, () -> SharedRegistry.ensureStarted(port));
        } finally {
            started.stopIfStartedHere();
        }

        try (RegistryServer external = RegistryServer.builder().port(port).start()) {
            SharedRegistry reused = SharedRegistry.ensureStarted(port);
            assertFalse(reused.startedHere());
            reused.stopIfStartedHere(); // must leave someone else's registry alone
            assertTrue(external.isRunning());
        }
    }

    private void assertManifest(URI base, String repo, String reference, String mediaType, String digest, byte[] bytes)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/" + repo + "/manifests/" + reference))
                .header("Accept", mediaType)
                .GET()
                .build();
        HttpResponse<byte[]> resp = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, resp.statusCode(), repo + ":" + reference);
        assertEquals(digest, resp.headers().firstValue("Docker-Content-Digest").orElse(null));
        assertEquals(mediaType, resp.headers().firstValue("Content-Type").orElse(null));
        assertArrayEquals(bytes, resp.body());
    }

    private HttpResponse<byte[]> get(URI uri, String user, String password) throws IOException, InterruptedException {
        return get(uri, user, password, null);
    }

    private HttpResponse<byte[]> get(URI uri, String user, String password, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
