package io.github.blobdownloader.testing;

import java.io.ByteArrayOutputStream;

/**
 * Writes valid Zstandard frames using only "raw" (stored) blocks, so tests can produce real
 * {@code tar+zstd} layers that any zstd decoder accepts, without a compression library.
 */
public final class Zstd {

    private static final int MAGIC = 0xFD2FB528;
    /** Raw blocks may not exceed the 128 KiB block maximum (and our declared window). */
    private static final int MAX_BLOCK = 128 * 1024;

    private Zstd() {}

    /** Wraps {@code data} in a single zstd frame of raw blocks, with the content size declared. */
    public static byte[] storedFrame(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
        le(out, MAGIC, 4);
        out.write(0xC0); // descriptor: 8-byte content size, not single-segment, no checksum, no dict
        out.write(0x38); // window descriptor: 2^(10+7) = 128 KiB
        le(out, data.length, 8);
        int pos = 0;
        do {
            int n = Math.min(MAX_BLOCK, data.length - pos);
            boolean last = pos + n == data.length;
            le(out, (n << 3) | (last ? 1 : 0), 3); // block type 0 = raw
            out.write(data, pos, n);
            pos += n;
        } while (pos < data.length);
        return out.toByteArray();
    }

    /**
     * Decodes a frame written by {@link #storedFrame}; returns {@code null} for any other frame
     * (compressed blocks are not supported), letting callers fall back gracefully.
     */
    public static byte[] decodeStored(byte[] frame) {
        if (frame.length < 14 || readLe(frame, 0, 4) != (MAGIC & 0xFFFFFFFFL) || (frame[4] & 0xff) != 0xC0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 14;
        while (pos + 3 <= frame.length) {
            int h = (int) readLe(frame, pos, 3);
            pos += 3;
            int size = h >>> 3;
            if (((h >>> 1) & 3) != 0 || pos + size > frame.length) {
                return null;
            }
            out.write(frame, pos, size);
            pos += size;
            if ((h & 1) != 0) {
                return out.toByteArray();
            }
        }
        return null;
    }

    private static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static long readLe(byte[] b, int off, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (b[off + i] & 0xff) << (8 * i);
        }
        return v;
    }
}
