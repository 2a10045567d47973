package io.github.blobdownloader.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A native library unpacked from a jar into a folder, once: the folder's name carries the entry's CRC and size, so
 * another version of the jar gets another folder. A file found there is used only if it is a regular file (not a
 * link), not writable by group or others, and has the entry's size and CRC; anything else is unpacked again over
 * it. The folder must be trusted as the local Maven repository is: code loaded from it runs in the build. Safe for
 * several processes at once: each writes and syncs its own temp file, and the rename is atomic.
 */
final class NativeLibraryFile {

    private static final Set<PosixFilePermission> FOREIGN_WRITES =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private NativeLibraryFile() {}

    /** The unpacked {@code entryName} of {@code jar} under {@code folder}, unpacked now if it is not there yet. */
    static Path unpack(Path jar, String entryName, Path folder) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IOException(jar.getFileName() + " has no " + entryName + " (no build for this platform)");
            }
            String fileName = entryName.substring(entryName.lastIndexOf('/') + 1);
            Path dir = folder.resolve(String.format("%08x-%d", entry.getCrc(), entry.getSize()));
            Path target = dir.resolve(fileName);
            if (isIntact(target, entry)) {
                return target;
            }
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, fileName, ".part");
            try {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel written = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    written.force(true);
                }
                if (!isIntact(temp, entry)) {
                    throw new IOException("unpacking " + entryName + " from " + jar + " gave other bytes");
                }
                moveIntoPlace(temp, target, entry);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        }
    }

    private static void moveIntoPlace(Path temp, Path target, ZipEntry entry) throws IOException {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Another process put the same bytes there first and has them loaded (Windows cannot replace them).
            if (!isIntact(target, entry)) {
                throw e;
            }
        }
    }

    /** Whether {@code file} is a regular file only its owner may change, holding the entry's bytes. */
    static boolean isIntact(Path file, ZipEntry entry) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        if (!attributes.isRegularFile() || attributes.size() != entry.getSize()) {
            return false;
        }
        PosixFileAttributeView posix =
                Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix != null && posix.readAttributes().permissions().stream().anyMatch(FOREIGN_WRITES::contains)) {
            return false;
        }
        CRC32 crc = new CRC32();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue() == entry.getCrc();
    }
}
