package io.github.blobdownloader.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a POSIX ustar archive entry by entry, streaming file contents (no blob is held in memory).
 * Entries are regular files and directories with fixed owner, mode and time, so the same inputs give the
 * same bytes. Names up to 255 bytes (split into ustar's prefix and name fields); sizes past ustar's 8 GiB
 * octal limit use the base-256 encoding GNU tar, Go and Docker read.
 */
public final class TarWriter implements AutoCloseable {

    private static final int BLOCK = 512;
    private static final long MAX_OCTAL_SIZE = 077777777777L;

    private final OutputStream out;
    private final long modificationTime;

    /** @param modificationTime seconds since the epoch, recorded on every entry */
    public TarWriter(OutputStream out, long modificationTime) {
        this.out = out;
        this.modificationTime = modificationTime;
    }

    /** Adds a regular file whose content is streamed from {@code file}. */
    public void putFile(String name, Path file) throws IOException {
        long size = Files.size(file);
        out.write(header(name, size, '0', 0644));
        long copied;
        try (InputStream in = Files.newInputStream(file)) {
            copied = in.transferTo(out);
        }
        if (copied != size) {
            throw new IOException(file + " changed while it was archived (" + size + " bytes, then " + copied + ")");
        }
        pad(size);
    }

    /** Adds a small regular file held in memory (manifests, metadata). */
    public void putBytes(String name, byte[] content) throws IOException {
        out.write(header(name, content.length, '0', 0644));
        out.write(content);
        pad(content.length);
    }

    /** Adds a directory entry; {@code name} gets a trailing slash. */
    public void putDirectory(String name) throws IOException {
        out.write(header(name.endsWith("/") ? name : name + "/", 0, '5', 0755));
    }

    /** Writes the two zero blocks that end an archive and flushes; the stream stays open. */
    public void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private byte[] header(String name, long size, char type, int mode) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] full = name.getBytes(StandardCharsets.UTF_8);
        if (full.length <= 100) {
            System.arraycopy(full, 0, h, 0, full.length);
        } else {
            int split = splitPoint(full);
            if (split < 0) {
                throw new IOException("path too long for a tar entry (at most 255 bytes, split at a '/'): " + name);
            }
            System.arraycopy(full, split + 1, h, 0, full.length - split - 1);
            System.arraycopy(full, 0, h, 345, split);
        }
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size <= MAX_OCTAL_SIZE) {
            octal(h, 124, 12, size);
        } else {
            base256(h, 124, 12, size);
        }
        octal(h, 136, 12, modificationTime);
        h[156] = (byte) type;
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** The index of a '/' that leaves at most 155 bytes before it and 100 after it, or -1. */
    private static int splitPoint(byte[] name) {
        for (int i = Math.min(155, name.length - 1); i > 0; i--) {
            if (name[i] == '/' && name.length - i - 1 <= 100 && name.length - i - 1 > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Zero-padded octal digits followed by a NUL, filling {@code length} bytes. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        String padded = "0".repeat(Math.max(0, width - digits.length())) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, width);
        h[offset + width] = 0;
    }

    private static void base256(byte[] h, int offset, int length, long value) {
        for (int i = offset + length - 1; i > offset; i--) {
            h[i] = (byte) value;
            value >>>= 8;
        }
        h[offset] = (byte) 0x80;
    }
}
