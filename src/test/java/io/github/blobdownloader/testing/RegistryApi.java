package io.github.blobdownloader.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Minimal client for the push side of the OCI distribution API, used by tests to create content
 * in a {@link RegistryServer}. Every non-2xx answer raises {@link IllegalStateException} with the
 * status and body, so a broken fixture fails at the push rather than later in the test.
 */
public final class RegistryApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUri;
    private final String authorization;
    private final HttpClient http;

    /** Client for an open registry. */
    public RegistryApi(URI baseUri) {
        this(baseUri, (String) null, (SSLContext) null);
    }

    /** Client sending HTTP Basic credentials with every request (preemptively). */
    public RegistryApi(URI baseUri, String user, String password) {
        this(
                baseUri,
                user == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
                (SSLContext) null);
    }

    /** Client for an open registry served over TLS with a certificate {@code sslContext} trusts. */
    public RegistryApi(URI baseUri, SSLContext sslContext) {
        this(baseUri, (String) null, sslContext);
    }

    /** Client sending this {@code Authorization} value with every request, e.g. a bearer token for a push. */
    public static RegistryApi withAuthorization(URI baseUri, String authorization) {
        return new RegistryApi(baseUri, authorization, (SSLContext) null);
    }

    private RegistryApi(URI baseUri, String authorization, SSLContext sslContext) {
        this.baseUri = baseUri;
        this.authorization = authorization;
        // HTTP/1.1 only: the JDK would otherwise try an h2c upgrade on every plain-HTTP request.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    /** The registry base URI, e.g. {@code http://127.0.0.1:5000}. */
    public URI baseUri() {
        return baseUri;
    }

    /** Uploads {@code content} monolithically (POST then PUT) and returns its {@code sha256:} digest. */
    public String pushBlob(String repo, byte[] content) {
        String digest = Digests.sha256(content);
        upload(repo, digest, HttpRequest.BodyPublishers.ofByteArray(content));
        return digest;
    }

    /** Uploads a file whose digest is known, streaming it (for blobs too large to hold in memory). */
    public void pushBlob(String repo, java.nio.file.Path file, String digest) {
        try {
            upload(repo, digest, HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException("No blob file " + file, e);
        }
    }

    private void upload(String repo, String digest, HttpRequest.BodyPublisher body) {
        HttpResponse<String> started =
                send(request("/v2/" + repo + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()), 202);
        String location = started.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("Upload start for " + repo + " returned no Location"));
        // Location may be absolute or relative and usually already carries the upload state query.
        URI upload = baseUri.resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        send(
                withAuth(HttpRequest.newBuilder(put))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(body),
                201);
    }

    /**
     * PUTs a manifest (or index) under {@code reference} (a tag or its digest) and returns its
     * digest; checks it against the registry's {@code Docker-Content-Digest}.
     */
    public String pushManifest(String repo, String reference, String mediaType, byte[] body) {
        String digest = Digests.sha256(body);
        HttpResponse<String> resp = send(
                request("/v2/" + repo + "/manifests/" + reference)
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
                201);
        resp.headers().firstValue("Docker-Content-Digest").ifPresent(server -> {
            if (!server.equals(digest)) {
                throw new IllegalStateException("Registry digest " + server + " differs from ours " + digest);
            }
        });
        return digest;
    }

    /** The manifest stored under {@code reference}, as a string (the registry's exact bytes), if any. */
    public java.util.Optional<String> manifest(String repo, String reference, String accept) {
        HttpResponse<String> resp = exchange(request("/v2/" + repo + "/manifests/" + reference)
                .header("Accept", accept)
                .GET());
        if (resp.statusCode() == 404) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(check(resp, 200).body());
    }

    /** Deletes a manifest by digest (the registry refuses deletes by tag). */
    public void deleteManifest(String repo, String digest) {
        send(request("/v2/" + repo + "/manifests/" + digest).DELETE(), 202);
    }

    /** Deletes a blob, e.g. to leave a manifest pointing at a missing layer. */
    public void deleteBlob(String repo, String digest) {
        send(request("/v2/" + repo + "/blobs/" + digest).DELETE(), 202);
    }

    /** Whether the blob is present (HEAD returns 200). */
    public boolean blobExists(String repo, String digest) {
        HttpResponse<String> resp = exchange(
                request("/v2/" + repo + "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (resp.statusCode() == 404) {
            return false;
        }
        check(resp, 200);
        return true;
    }

    /** Tags of {@code repo} as listed by {@code /tags/list} (empty when it has none). */
    public List<String> tags(String repo) {
        HttpResponse<String> resp = send(request("/v2/" + repo + "/tags/list").GET(), 200);
        return Json.stringArray(resp.body(), "tags");
    }

    private HttpRequest.Builder request(String path) {
        return withAuth(HttpRequest.newBuilder(baseUri.resolve(path)));
    }

    private HttpRequest.Builder withAuth(HttpRequest.Builder b) {
        b.timeout(TIMEOUT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b, int expected) {
        return check(exchange(b), expected);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder b) {
        HttpRequest req = b.build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + req.method() + " " + req.uri(), e);
        }
    }

    /** Any 2xx passes; {@code expected} is only quoted in the message. */
    private static HttpResponse<String> check(HttpResponse<String> resp, int expected) {
        int s = resp.statusCode();
        if (s < 200 || s > 299) {
            throw new IllegalStateException(resp.request().method() + " "
                    + resp.request().uri() + " returned HTTP " + s + " (expected " + expected + "): " + resp.body());
        }
        return resp;
    }
}
