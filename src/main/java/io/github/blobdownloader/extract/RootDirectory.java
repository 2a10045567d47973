package io.github.blobdownloader.extract;

import io.github.blobdownloader.layout.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder a rootfs is built in, and the only code that touches it. Every path it hands out is the root
 * plus a checked relative name whose parents are real directories (never symlinks), so no write, link or
 * delete can land outside the root, whatever earlier entries planted. Nothing here follows a symlink.
 */
final class RootDirectory {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;

    RootDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The path of {@code name}, its missing parents created (mode 0755). A parent that is a symlink is
     * refused; one that is a file is replaced by a directory, as a later layer's entry below it implies.
     */
    Path prepare(EntryName name) throws UnsafeEntryException, IOException {
        return walk(name.parent(), true).resolve(name.baseName());
    }

    /** The path of the directory {@code path} (relative), or {@code null} when some part of it is missing. */
    Path existingDirectory(String path) throws UnsafeEntryException, IOException {
        return walk(path, false);
    }

    /** The path of an existing non-directory {@code name}, the target of a hard link. */
    Path existingNonDirectory(EntryName name) throws UnsafeEntryException, IOException {
        Path parent = walk(name.parent(), false);
        Path file = parent == null ? null : parent.resolve(name.baseName());
        if (file == null || !Files.exists(file, NO_FOLLOW)) {
            throw new UnsafeEntryException("it is a hard link to '" + name.path() + "', which no earlier entry wrote");
        }
        if (Files.isDirectory(file, NO_FOLLOW)) {
            throw new UnsafeEntryException("it is a hard link to the directory '" + name.path() + "'");
        }
        return file;
    }

    private Path walk(String relative, boolean create) throws UnsafeEntryException, IOException {
        Path current = root;
        if (relative.isEmpty()) {
            return current;
        }
        String sofar = "";
        for (String part : relative.split("/")) {
            sofar = EntryName.join(sofar, part);
            current = current.resolve(part);
            BasicFileAttributes attributes = attributes(current);
            if (attributes == null || (attributes.isOther() && create)) {
                if (!create) {
                    return null;
                }
                if (attributes != null) {
                    Files.delete(current);
                }
                createDirectory(current);
            } else if (attributes.isSymbolicLink()) {
                throw new UnsafeEntryException("its parent '" + sofar + "' is a symlink (to '"
                        + Files.readSymbolicLink(current) + "'), which an earlier entry planted");
            } else if (!attributes.isDirectory()) {
                if (!create) {
                    return null;
                }
                Files.delete(current);
                createDirectory(current);
            }
        }
        return current;
    }

    static void createDirectory(Path directory) throws IOException {
        Files.createDirectory(directory);
        // Explicitly, not through the umask: the image says what its directories are, 0755 when it is silent.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** File attributes without following a symlink, or {@code null} when nothing is there. */
    static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The names in a directory. */
    static List<String> children(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /**
     * Deletes a file, a link or a whole tree, never following links. Directories are made writable first:
     * an image's 0555 directory must not make its own replacement, or a re-run, fail.
     */
    static void deleteTree(Path path) throws IOException {
        FileTrees.delete(path);
    }
}
