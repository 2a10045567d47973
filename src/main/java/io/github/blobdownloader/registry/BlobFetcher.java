package io.github.blobdownloader.registry;

import io.github.blobdownloader.manifest.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Streams one blob from the registry into a file through its digest: never whole in memory, never more
 * bytes than the descriptor's size, and an exception naming both digests when the content is wrong.
 */
public final class BlobFetcher {

    /** Large buffers keep system calls and digest updates few; 1 MiB is past the point of diminishing return. */
    private static final int BUFFER_SIZE = 1 << 20;

    private final RegistryTransport transport;

    public BlobFetcher(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * Reads a small blob (an image config) into memory, refusing one larger than {@code maxBytes}, and
     * verifies its size and digest.
     */
    public byte[] fetchSmall(String repository, Descriptor blob, int maxBytes) {
        String what = "blob " + blob.digest() + " of " + transport.endpoint().registry() + "/" + repository;
        if (blob.size() > maxBytes || blob.size() < 0) {
            throw new RegistryException(what + " declares " + blob.size() + " bytes, more than the " + maxBytes
                    + " read into memory; refusing it", 0, false);
        }
        HttpResponse<InputStream> response = transport.send(RegistryCall.get(
                repository + "/blobs/" + blob.digest(), repository, Map.of(), what));
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes((int) blob.size() + 1);
        } catch (IOException e) {
            throw new RegistryException("reading " + what + " failed: " + RegistryTransport.describe(e), 0, false, e);
        }
        if (bytes.length != blob.size() || !blob.digest().matches(bytes)) {
            throw new DigestMismatchException(what + " does not match its descriptor (" + bytes.length
                    + (bytes.length > blob.size() ? "+" : "") + " bytes read, " + blob.size()
                    + " declared); the registry served wrong content");
        }
        return bytes;
    }

    /**
     * Downloads {@code blob} into {@code file} (created or truncated) and verifies size and digest. On any
     * failure the file holds unverified bytes: the caller must delete it, never rename it.
     *
     * @param progress told the number of bytes of each chunk as it is written
     */
    public void download(String repository, Descriptor blob, Path file, LongConsumer progress) {
        String what = "blob " + blob.digest() + " of " + transport.endpoint().registry() + "/" + repository;
        HttpResponse<InputStream> response = transport.send(RegistryCall.get(
                repository + "/blobs/" + blob.digest(), repository, Map.of(), what));
        MessageDigest md = blob.digest().newMessageDigest();
        long written = 0;
        try (InputStream in = response.body();
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                written += n;
                if (written > blob.size()) {
                    throw new DigestMismatchException(what + " is longer than the " + blob.size()
                            + " bytes its descriptor declares; the registry served wrong content");
                }
                md.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                progress.accept(n);
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("download cancelled");
                }
            }
        } catch (IOException e) {
            throw new RegistryException("download of " + what + " failed after " + written + " of " + blob.size()
                    + " bytes: " + RegistryTransport.describe(e), 0, false, e);
        }
        if (written != blob.size()) {
            throw new DigestMismatchException(what + " ended after " + written + " bytes but its descriptor declares "
                    + blob.size() + "; the registry served a truncated blob");
        }
        var actual = blob.digest().sameAlgorithm(md.digest());
        if (!actual.equals(blob.digest())) {
            throw new DigestMismatchException("digest mismatch for " + what + ": expected " + blob.digest()
                    + ", got " + actual + "; the registry served corrupt content");
        }
    }
}
