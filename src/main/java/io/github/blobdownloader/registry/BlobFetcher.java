package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.http.Failures;
import io.github.blobdownloader.http.GaveUpException;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.RetryingTransport;
import io.github.blobdownloader.http.SplicedBody;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.Hasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Streams one blob from the registry into a partial file through its digest: never whole in memory, never
 * more bytes than the descriptor's size. A connection lost mid-way is resumed with {@code Range: bytes=N-}
 * (the digest state carries on; bytes left by an earlier build are re-hashed first), and started over when
 * the server ignores the range. Wrong content ends in a {@link DigestMismatchException} naming both digests.
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
            throw new RegistryException(
                    what + " declares " + blob.size() + " bytes, more than the " + maxBytes
                            + " read into memory; refusing it",
                    0,
                    false);
        }
        HttpResponse response =
                transport.send(RegistryCall.get(repository + "/blobs/" + blob.digest(), repository, Map.of(), what));
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
     * Completes {@code partial} (created if missing; its bytes are kept when they are a prefix of the blob)
     * and verifies size and digest. A transient failure leaves the bytes received so far for a later run;
     * wrong content empties the file. The caller renames the file only when this returns.
     *
     * @throws UncheckedIOException when {@code partial} cannot be written (a full disk, a read-only folder)
     *
     * @param progress told the number of bytes of each chunk as it is received
     */
    public void download(String repository, Descriptor blob, Path partial, LongConsumer progress) {
        download(repository, blob, partial, progress, Hasher.JDK);
    }

    /** {@link #download(String, Descriptor, Path, LongConsumer)}, the digest computed by {@code hasher}'s. */
    public void download(String repository, Descriptor blob, Path partial, LongConsumer progress, Hasher hasher) {
        String what = "blob " + blob.digest() + " of " + transport.endpoint().registry() + "/" + repository;
        try (FileChannel file = FileChannel.open(
                partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Progress state = new Progress(blob, file, hasher);
            if (state.length > 0) {
                transport.log().info("Resuming " + what + " from byte " + state.length + " of " + blob.size());
            }
            new Attempts(repository, blob, what, state, progress).run();
        } catch (UncheckedIOException | IOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            if (Thread.currentThread().isInterrupted()) {
                throw new BlobDownloaderException("download of " + what + " cancelled", false, cause);
            }
            // The partial file is the caller's: the caller knows which folder it is in and what frees its space.
            throw new UncheckedIOException(
                    "cannot write " + partial + " for " + what + ": " + RegistryTransport.describe(cause), cause);
        }
    }

    /** The bytes on disk so far and their running digest. */
    private static final class Progress {
        private final Descriptor blob;
        private final FileChannel file;
        private final MessageDigest md;
        private long length;
        /** Some bytes on disk were not received in the current response: a range was resumed. */
        private boolean spliced;

        Progress(Descriptor blob, FileChannel file, Hasher hasher) throws IOException {
            this.blob = blob;
            this.file = file;
            this.md = hasher.newMessageDigest(blob.digest());
            long existing = file.size();
            if (existing > blob.size()) {
                restart();
                return;
            }
            if (existing == 0) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(bufferSize(existing));
            while (length < existing) {
                buffer.clear();
                int n = file.read(buffer, length);
                if (n < 0) {
                    break;
                }
                md.update(buffer.array(), 0, n);
                length += n;
            }
            spliced = length > 0;
        }

        void append(byte[] bytes, int n) {
            try {
                ByteBuffer chunk = ByteBuffer.wrap(bytes, 0, n);
                while (chunk.hasRemaining()) {
                    file.write(chunk, length + chunk.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            md.update(bytes, 0, n);
            length += n;
        }

        void restart() {
            try {
                file.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            md.reset();
            length = 0;
            spliced = false;
        }

        Digest digest() {
            try {
                return blob.digest().sameAlgorithm(((MessageDigest) md.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(md.getProvider().getName() + "'s digest cannot be cloned", e);
            }
        }
    }

    /**
     * The requests of one blob. Lost connections and stalls are resumed beneath, by the retry layer, within the
     * request's one attempt budget; what is left here is the content: a range the server ignored, a short
     * range answer, and a spliced file that fails its digest.
     */
    private final class Attempts {
        private final String repository;
        private final Descriptor blob;
        private final String what;
        private final Progress state;
        private final LongConsumer progress;
        private boolean restartedAfterMismatch;

        Attempts(String repository, Descriptor blob, String what, Progress state, LongConsumer progress) {
            this.repository = repository;
            this.blob = blob;
            this.what = what;
            this.state = state;
            this.progress = progress;
        }

        void run() {
            int shortAnswers = 0;
            // Progress is bytes beyond the most held so far: a server that makes us start over (416) and then
            // serves the same few bytes again has moved nothing on.
            long most = 0;
            while (state.length < blob.size() || !verified()) {
                receive();
                if (state.length < blob.size()) {
                    // A range answer with less than the rest: ask again, but not for ever without progress.
                    shortAnswers = state.length > most ? 0 : shortAnswers + 1;
                    most = Math.max(most, state.length);
                    if (shortAnswers >= transport.retryPolicy().attempts()) {
                        throw new RegistryException(
                                "registry " + transport.endpoint().registry() + " keeps" + " answering " + what
                                        + " with empty ranges at byte " + state.length,
                                0,
                                false);
                    }
                }
            }
        }

        /** One request: appends what arrives, or starts over when the server did not honour the range. */
        private void receive() {
            long offset = state.length;
            Map<String, String> headers = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
            HttpResponse response;
            try {
                response = transport.sendForBody(
                        RegistryCall.get(repository + "/blobs/" + blob.digest(), repository, headers, what));
            } catch (RegistryException e) {
                if (offset > 0 && e.status() == 416) {
                    transport.log().info("Registry refused to resume " + what + " (416); starting over");
                    state.restart();
                    return;
                }
                throw e;
            }
            try (InputStream in = response.body()) {
                boolean ranged = response.statusCode() == 206;
                long start = RetryingTransport.rangeStart(response).orElse(-1L);
                if (offset > 0 && !(ranged && start == offset)) {
                    transport
                            .log()
                            .info("Registry ignored the range request for " + what + " (answered "
                                    + response.statusCode()
                                    + response.headers()
                                            .firstValue("Content-Range")
                                            .map(r -> " " + UntrustedText.printable(r))
                                            .orElse("")
                                    + "); downloading it from the start");
                    state.restart();
                    if (ranged && start != 0) {
                        throw new RegistryException(
                                "registry " + transport.endpoint().registry() + " answered " + what
                                        + " with another range than requested",
                                206,
                                false);
                    }
                }
                state.spliced = state.length > 0;
                long declared =
                        response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared >= 0 && state.length + declared > blob.size()) {
                    throw longer();
                }
                // One byte more than the rest: a server sending too much is caught by the first read past it.
                byte[] buffer = new byte[bufferSize(blob.size() - state.length + 1)];
                int n;
                while ((n = read(in, buffer)) >= 0) {
                    if (state.length + n > blob.size()) {
                        throw longer();
                    }
                    state.append(buffer, n);
                    progress.accept(n);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new BlobDownloaderException("download of " + what + " cancelled", false);
                    }
                }
                if (in instanceof SplicedBody body && body.spliced()) {
                    state.spliced = true;
                }
                if (state.length < blob.size() && !ranged) {
                    long got = state.length;
                    state.restart();
                    throw new DigestMismatchException(what + " ended after " + got + " bytes but its descriptor"
                            + " declares " + blob.size() + "; the registry served a truncated blob");
                }
            } catch (IOException closing) {
                // closing a body loses nothing: every byte read is on disk
            }
        }

        /** A read from the network; its failure (the retry budget spent) ends the download with one line. */
        private int read(InputStream in, byte[] buffer) {
            try {
                return in.read(buffer);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new BlobDownloaderException("download of " + what + " cancelled", false, e);
                }
                int attempts = e instanceof GaveUpException g ? g.attempts() : 1;
                IOException last = e instanceof GaveUpException g ? g.last() : e;
                throw new RegistryException(
                        "download of " + what + " failed after " + attempts + " attempt(s), "
                                + state.length + " of " + blob.size() + " bytes received: "
                                + Failures.explain(transport.endpoint().hostPort(), last, transport.timeout())
                                + "; the received bytes are kept and a re-run resumes, or raise " + Setting.RETRIES,
                        0,
                        false,
                        e);
            }
        }

        private DigestMismatchException longer() {
            state.restart();
            return new DigestMismatchException(what + " is longer than the " + blob.size()
                    + " bytes its descriptor declares; the registry served wrong content");
        }

        /** Checks a complete file; bytes joined across a resume get one fresh download before failing. */
        private boolean verified() {
            Digest actual = state.digest();
            if (actual.equals(blob.digest())) {
                return true;
            }
            if (state.spliced && !restartedAfterMismatch) {
                restartedAfterMismatch = true;
                transport
                        .log()
                        .warn("Resumed " + what + " does not match its digest (got " + actual
                                + "); downloading it again from the start");
                state.restart();
                return false;
            }
            state.restart();
            throw new DigestMismatchException("digest mismatch for " + what + ": expected " + blob.digest() + ", got "
                    + actual + "; the registry served corrupt content");
        }
    }

    /** Large buffers for large blobs; small blobs (most layers of many images) need no 1 MiB array each. */
    private static int bufferSize(long bytes) {
        return (int) Math.max(8192, Math.min(BUFFER_SIZE, bytes));
    }
}
