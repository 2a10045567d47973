package io.github.blobdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.Headers;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.HttpTransport;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.ScriptedTransport;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.Hasher;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.testing.RecordingLog;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobFetcherTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatRefusesEveryResumeAndServesAFewBytesFromTheStartRunsOutOfAttempts() throws Exception {
        byte[] content = new byte[100];
        Arrays.fill(content, (byte) 'x');
        AtomicInteger blobRequests = new AtomicInteger();
        HttpTransport server = request -> {
            if (request.uri().getPath().equals("/v2/")) {
                return ScriptedTransport.response(request, 200, Map.of(), new byte[0]);
            }
            if (blobRequests.incrementAndGet() > 200) {
                throw new AssertionError("still asking after 200 requests");
            }
            if (request.headers().contains("Range")) {
                return ScriptedTransport.response(request, 416, Map.of(), new byte[0]);
            }
            // a range answer of the first 10 bytes, to a request that asked for the whole blob
            return new HttpResponse(
                    request,
                    206,
                    Headers.empty().with("Content-Length", "10").with("Content-Range", "bytes 0-9/100"),
                    new ByteArrayInputStream(content, 0, 10));
        };
        RegistryClient client = client(server);
        Descriptor blob = new Descriptor("application/octet-stream", Digest.sha256Of(content), content.length);
        Path partial = dir.resolve("blob.partial");
        RegistryException e = assertThrows(
                RegistryException.class, () -> client.blobs().download("team/app", blob, partial, n -> {}));
        assertTrue(blobRequests.get() <= 10, "gave up after " + blobRequests.get() + " requests");
        assertTrue(e.getMessage().startsWith("registry 127.0.0.1:5000 keeps answering blob "), e.getMessage());
        assertTrue(Files.size(partial) <= content.length);
    }

    /** The hasher given makes the digest, also over bytes an earlier build left, and a resumed range goes on in it. */
    @Test
    void theDigestIsTheGivenHashersAcrossLeftBytesAndResumes() throws Exception {
        byte[] content = new byte[300];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        AtomicInteger blobRequests = new AtomicInteger();
        HttpTransport server = request -> {
            if (request.uri().getPath().equals("/v2/")) {
                return ScriptedTransport.response(request, 200, Map.of(), new byte[0]);
            }
            blobRequests.incrementAndGet();
            String range =
                    request.headers().firstValue("Range").orElseThrow(() -> new AssertionError("no range asked"));
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            return new HttpResponse(
                    request,
                    206,
                    Headers.empty()
                            .with("Content-Length", String.valueOf(content.length - from))
                            .with("Content-Range", "bytes " + from + "-299/300"),
                    new ByteArrayInputStream(content, from, content.length - from));
        };
        RegistryClient client = client(server);
        Descriptor blob = new Descriptor("application/octet-stream", Digest.sha256Of(content), content.length);
        Path partial = dir.resolve("blob.partial");
        Files.write(partial, Arrays.copyOf(content, 120));
        List<java.security.MessageDigest> made = new java.util.ArrayList<>();
        Hasher counting = digest -> {
            java.security.MessageDigest md = Hasher.JDK.newMessageDigest(digest);
            made.add(md);
            return md;
        };

        client.blobs().download("team/app", blob, partial, n -> {}, counting);

        assertEquals(1, made.size());
        assertEquals(1, blobRequests.get());
        assertArrayEquals(content, Files.readAllBytes(partial));
        Hasher broken = digest -> {
            throw new IllegalStateException("the hasher was asked");
        };
        Files.write(partial, new byte[0]);
        assertThrows(
                IllegalStateException.class, () -> client.blobs().download("team/app", blob, partial, n -> {}, broken));
    }

    private static RegistryClient client(HttpTransport server) {
        return RegistryClient.create(
                RegistryEndpoint.of(ImageReference.parse("127.0.0.1:5000/team/app"), Set.of()),
                server,
                CredentialProvider.anonymous(),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)),
                TransferLimits.of(Duration.ofSeconds(5), 0),
                ProxySettings.jvmDefaults(),
                new RecordingLog());
    }
}
