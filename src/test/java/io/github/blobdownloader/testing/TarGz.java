package io.github.blobdownloader.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes real POSIX ustar archives (and their gzip form) for use as image layers.
 *
 * <p>Output is byte-for-byte deterministic: fixed mtime/uid/gid, entry order as given, and the
 * JDK's gzip header carries no timestamp. Names ending in {@code /} become directory entries.
 */
public final class TarGz {

    private static final int BLOCK = 512;
    /** Fixed mtime (2024-01-01T00:00:00Z) so digests never depend on the clock. */
    private static final long MTIME = 1_704_067_200L;

    private TarGz() {}

    /** Returns a gzipped tar of {@code entries} (iteration order is archive order). */
    public static byte[] tarGz(Map<String, byte[]> entries) {
        return gzip(uncompressedTar(entries));
    }

    /** Returns an uncompressed ustar archive of {@code entries}, ending with two zero blocks. */
    public static byte[] uncompressedTar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            boolean dir = e.getKey().endsWith("/");
            byte[] data = dir ? new byte[0] : e.getValue();
            out.writeBytes(header(e.getKey(), data.length, dir));
            out.writeBytes(data);
            out.writeBytes(new byte[padding(data.length)]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** A single-file archive whose file is executable (mode 0755), e.g. a static binary as an entrypoint. */
    public static byte[] executableTar(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(name, content.length, false, 0755));
        out.writeBytes(content);
        out.writeBytes(new byte[padding(content.length)]);
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** Convenience for a single-file archive. */
    public static byte[] uncompressedTar(String name, byte[] content) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(name, content);
        return uncompressedTar(m);
    }

    /**
     * Returns a valid {@code .tar.gz} layer holding one file of {@code sizeBytes} pseudo-random
     * (incompressible) bytes, so the blob is about that size. Same seed, same bytes.
     */
    public static byte[] randomLayer(long seed, int sizeBytes) {
        return gzip(randomLayerTar(seed, sizeBytes));
    }

    /** The uncompressed tar behind {@link #randomLayer(long, int)} (its sha256 is the diff_id). */
    public static byte[] randomLayerTar(long seed, int sizeBytes) {
        return uncompressedTar("data/random-" + Long.toHexString(seed) + ".bin", randomBytes(seed, sizeBytes));
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] randomBytes(long seed, int size) {
        byte[] b = new byte[size];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = rnd.nextLong();
            for (int k = 0; k < 8 && i + k < size; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }

    /** Gzips {@code data}. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** Gunzips {@code data}. */
    public static byte[] gunzip(byte[] data) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    /** The 512-byte ustar header of a regular file, for archives written as a stream. */
    public static byte[] fileHeader(String path, long size) {
        return header(path, size, false);
    }

    /** The ustar header of a regular file or (a name ending with {@code /}) a directory, with its mode. */
    public static byte[] entryHeader(String path, long size, int mode) {
        return header(path, size, path.endsWith("/"), mode);
    }

    /** Zero bytes that pad a file's content of {@code size} bytes to the next 512-byte block. */
    public static int paddingFor(long size) {
        return padding(size);
    }

    private static byte[] header(String path, long size, boolean dir) {
        return header(path, size, dir, dir ? 0755 : 0644);
    }

    private static byte[] header(String path, long size, boolean dir, int mode) {
        byte[] h = new byte[BLOCK];
        splitName(path, h);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = (byte) (dir ? '5' : '0');
        ascii(h, 257, "ustar\0");
        ascii(h, 263, "00");
        ascii(h, 265, "root");
        ascii(h, 297, "root");
        // Checksum is computed with its own field filled with spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        ascii(h, 148, chk);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** ustar stores long paths as prefix (155) + "/" + name (100). */
    private static void splitName(String path, byte[] h) {
        byte[] full = path.getBytes(StandardCharsets.UTF_8);
        if (full.length <= 100) {
            System.arraycopy(full, 0, h, 0, full.length);
            return;
        }
        for (int i = full.length - 1; i > 0; i--) {
            if (full[i] == '/' && i <= 155 && full.length - i - 1 <= 100 && full.length - i - 1 > 0) {
                System.arraycopy(full, 0, h, 345, i);
                System.arraycopy(full, i + 1, h, 0, full.length - i - 1);
                return;
            }
        }
        throw new IllegalArgumentException("Path too long for ustar: " + path);
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("Value too large for tar field: " + value);
        }
        ascii(h, off, "0".repeat(len - 1 - s.length()) + s); // NUL terminator already there
    }

    private static void ascii(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
