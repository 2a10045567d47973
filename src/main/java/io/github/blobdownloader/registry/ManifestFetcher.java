package io.github.blobdownloader.registry;

import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.ManifestParser;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.InvalidDigestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches a manifest by tag or digest and proves it is the one asked for: bounded size, bytes hashing to
 * the requested digest, and a {@code Docker-Content-Digest} header that agrees with the bytes.
 */
public final class ManifestFetcher {

    /** The distribution spec lets registries refuse manifests over 4 MiB; we refuse to read more. */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final RegistryTransport transport;

    public ManifestFetcher(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * @param repository repository name
     * @param reference  tag or digest string
     * @param pinned     the digest the bytes must hash to, or {@code null} when fetching by tag
     * @param what       the image, for messages
     */
    public Manifest fetch(String repository, String reference, Digest pinned, String what) {
        RegistryCall call = RegistryCall.get(
                repository + "/manifests/" + reference,
                repository,
                Map.of("Accept", MediaTypes.acceptHeader()),
                "manifest of " + what);
        HttpResponse response = transport.send(call);
        byte[] bytes = readBounded(response, what);
        Digest actual = pinned != null && !pinned.algorithm().equals("sha256")
                ? pinned.sameAlgorithm(pinned.newMessageDigest().digest(bytes))
                : Digest.sha256Of(bytes);
        if (pinned != null && !pinned.equals(actual)) {
            throw new DigestMismatchException("manifest of " + what + " from registry "
                    + transport.endpoint().registry() + " does not match its digest: expected " + pinned
                    + ", got " + actual + "; the registry served wrong content");
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent()) {
            checkHeader(header.get(), bytes, what);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        return ManifestParser.parse(bytes, contentType, actual, what);
    }

    /**
     * The digest a tag currently points to, from a HEAD request's {@code Docker-Content-Digest} header;
     * empty when the registry does not send one.
     */
    public Optional<Digest> currentDigest(String repository, String tag, String what) {
        RegistryCall call = new RegistryCall(
                "HEAD",
                repository + "/manifests/" + tag,
                null,
                repository,
                Map.of("Accept", MediaTypes.acceptHeader()),
                "manifest of " + what);
        HttpResponse response = transport.send(call);
        try (InputStream ignored = response.body()) {
            return response.headers()
                    .firstValue("Docker-Content-Digest")
                    .map(String::trim)
                    .map(Digest::parse);
        } catch (IOException | InvalidDigestException e) {
            return Optional.empty();
        }
    }

    private void checkHeader(String value, byte[] bytes, String what) {
        Digest claimed;
        try {
            claimed = Digest.parse(value.trim());
        } catch (InvalidDigestException e) {
            throw new DigestMismatchException("registry " + transport.endpoint().registry()
                    + " sent an invalid Docker-Content-Digest header for " + what + ": " + e.getMessage());
        }
        if (!claimed.matches(bytes)) {
            Digest actual = claimed.sameAlgorithm(claimed.newMessageDigest().digest(bytes));
            throw new DigestMismatchException("manifest of " + what + " from registry "
                    + transport.endpoint().registry() + " does not match its Docker-Content-Digest header:"
                    + " header says " + claimed + ", content is " + actual);
        }
    }

    private byte[] readBounded(HttpResponse response, String what) {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (declared > MAX_MANIFEST_BYTES) {
                throw tooLarge(what, declared);
            }
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw tooLarge(what, bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw new RegistryException(
                    "connection to registry " + transport.endpoint().registry()
                            + " failed while reading the manifest of " + what + ": " + RegistryTransport.describe(e),
                    0,
                    false,
                    e);
        }
    }

    private RegistryException tooLarge(String what, long size) {
        return new RegistryException(
                "manifest of " + what + " from registry " + transport.endpoint().registry() + " is larger than "
                        + (MAX_MANIFEST_BYTES >> 20) + " MiB (" + size + " bytes); refusing it",
                200,
                false);
    }
}
