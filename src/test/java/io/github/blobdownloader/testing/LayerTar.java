package io.github.blobdownloader.testing;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Crafts one layer's tar: any entry kind, any name (hostile ones too), PAX headers for long names, a fixed
 * mtime so digests are stable.
 */
public final class LayerTar {

    public static final Instant MTIME = Instant.parse("2023-06-01T12:00:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

    public LayerTar() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public LayerTar dir(String name, int mode) {
        return put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode), new byte[0]);
    }

    public LayerTar file(String name, String content, int mode) {
        return put(entry(name, TarConstants.LF_NORMAL, mode), content.getBytes(StandardCharsets.UTF_8));
    }

    public LayerTar file(String name, String content) {
        return file(name, content, 0644);
    }

    public LayerTar symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
        e.setLinkName(target);
        return put(e, new byte[0]);
    }

    public LayerTar hardLink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644);
        e.setLinkName(target);
        return put(e, new byte[0]);
    }

    public LayerTar fifo(String name) {
        return put(entry(name, TarConstants.LF_FIFO, 0644), new byte[0]);
    }

    public LayerTar whiteout(String path) {
        int slash = path.lastIndexOf('/');
        return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), "", 0644);
    }

    public LayerTar opaque(String dir) {
        return file(dir + "/.wh..wh..opq", "", 0644);
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode) {
        // preserveAbsolutePath: hostile layers need names commons-compress would otherwise clean up.
        TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
        e.setMode(mode);
        e.setLastModifiedTime(FileTime.from(MTIME));
        e.setUserName("root");
        e.setGroupName("root");
        return e;
    }

    private LayerTar put(TarArchiveEntry e, byte[] content) {
        try {
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** The finished, uncompressed tar. */
    public byte[] tar() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LayerSpec gzip(byte[] tar) {
        return LayerSpec.of(MediaTypes.OCI_LAYER_GZIP, TarGz.gzip(tar));
    }

    public static LayerSpec uncompressed(byte[] tar) {
        return LayerSpec.of(MediaTypes.OCI_LAYER_TAR, tar);
    }

    /** Really compressed zstd (not stored blocks), as buildah and containerd write it. */
    public static LayerSpec zstd(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
            zstd.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LayerSpec.of(MediaTypes.OCI_LAYER_ZSTD, out.toByteArray());
    }
}
