package io.github.blobdownloader.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A native library unpacked from a jar into a folder, once: the folder's name carries the entry's CRC and size, so
 * another version of the jar gets another folder, and a file of the right size there is complete (it was renamed
 * into place only once fully written). Safe for several processes at once: each writes its own temp file, and the
 * rename is atomic.
 */
final class NativeLibraryFile {

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
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, fileName, ".part");
            try {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (Files.size(temp) != entry.getSize()) {
                    throw new IOException(
                            "unpacking " + entryName + " gave " + Files.size(temp) + " bytes, not " + entry.getSize());
                }
                moveIntoPlace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another process put the same bytes there first
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
