package io.github.blobdownloader.extract;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.layout.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs an extracted file system into one {@code .tar} for {@code attach}: sorted paths, the files' modes and
 * mtimes, symlinks verbatim, hard links as links to the first path of the same file, owned by root (0:0), PAX
 * headers for long names. The marker is left out.
 */
public final class RootfsArchive {

    private static final int BUFFER = 1 << 16;

    private RootfsArchive() {}

    /** Writes {@code archive} atomically from the tree under {@code directory}. */
    public static void pack(Path directory, Path archive) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            AtomicFiles.write(archive, temp -> {
                List<Path> paths;
                try (Stream<Path> walk = Files.walk(root)) {
                    paths = walk.filter(p -> !p.equals(root) && !p.equals(root.resolve(ExtractionMarker.FILE_NAME)))
                            .sorted()
                            .toList();
                }
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(temp), BUFFER), StandardCharsets.UTF_8.name())) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    Map<Object, String> firstPathOfFile = new HashMap<>();
                    for (Path path : paths) {
                        put(tar, root.relativize(path).toString().replace('\\', '/'), path, firstPathOfFile);
                    }
                    tar.finish();
                }
            });
        } catch (RuntimeException e) {
            if (e instanceof BlobDownloaderException) {
                throw e;
            }
            throw new BlobDownloaderException(
                    "cannot pack " + root + " into " + archive + ": " + e.getMessage()
                            + "; check that the build directory is writable",
                    false,
                    e);
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, Path path, Map<Object, String> firstPathOfFile)
            throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        if (attributes.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (attributes.isDirectory()) {
            entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        } else {
            String first = firstPathOfFile.putIfAbsent(attributes.fileKey(), name);
            entry = new TarArchiveEntry(name, first == null ? TarConstants.LF_NORMAL : TarConstants.LF_LINK);
            if (first != null) {
                entry.setLinkName(first);
            } else {
                entry.setSize(attributes.size());
            }
        }
        entry.setMode(mode(attributes));
        entry.setLastModifiedTime(attributes.lastModifiedTime());
        entry.setIds(0, 0);
        entry.setUserName("root");
        entry.setGroupName("root");
        tar.putArchiveEntry(entry);
        if (entry.isFile() && entry.getSize() > 0) {
            try (InputStream in = Files.newInputStream(path)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    @SuppressWarnings("EnumOrdinal") // PosixFilePermission is declared in mode-bit order, owner read first
    private static int mode(BasicFileAttributes attributes) {
        Set<PosixFilePermission> permissions = ((PosixFileAttributes) attributes).permissions();
        int mode = 0;
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if (permissions.contains(permission)) {
                mode |= 0400 >> permission.ordinal();
            }
        }
        return mode;
    }
}
