package io.github.blobdownloader.extract;

import io.airlift.compress.zstd.ZstdInputStream;
import io.github.blobdownloader.BlobDownloaderException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How a layer blob is compressed: chosen by its media type, and checked against its first bytes, so a
 * mislabelled blob fails with a clear line instead of a tar reader's confusion.
 */
enum LayerCompression {
    GZIP("gzip"),
    ZSTD("zstd"),
    NONE("an uncompressed tar");

    private static final int BUFFER = 1 << 16;

    private final String label;

    LayerCompression(String label) {
        this.label = label;
    }

    /** The compression a layer media type declares; other media types are refused. */
    static LayerCompression of(String mediaType, String what) {
        String type = mediaType == null ? "" : mediaType;
        if (type.endsWith("+gzip") || type.endsWith(".tar.gzip")) {
            return GZIP;
        }
        if (type.endsWith("+zstd") || type.endsWith(".tar.zstd")) {
            return ZSTD;
        }
        if (type.endsWith(".tar") || type.endsWith(".v1.tar")) {
            return NONE;
        }
        throw new BlobDownloaderException(
                what + " has the media type '" + type + "', which extract cannot apply"
                        + " (it reads tar layers, gzip, zstd or uncompressed); use the download goal for this image",
                false);
    }

    /** The decompressed tar stream of {@code raw}, after checking the magic bytes agree with the media type. */
    InputStream open(InputStream raw, String what) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        LayerCompression found = sniff(magic);
        if (found != this) {
            throw new BlobDownloaderException(
                    what + " is " + label + " by its media type, but its bytes are " + found.label
                            + "; the image is broken: push it again with the right media type",
                    false);
        }
        return switch (this) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    private static LayerCompression sniff(byte[] magic) {
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }
}
