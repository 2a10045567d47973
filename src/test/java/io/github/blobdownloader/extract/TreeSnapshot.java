package io.github.blobdownloader.extract;

import io.github.blobdownloader.testing.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A file tree as one line per path: type, permission bits, content digest or link target, so two trees
 * (ours and umoci's) compare with one {@code assertEquals} that shows every difference.
 */
final class TreeSnapshot {

    private TreeSnapshot() {}

    static Map<String, String> of(Path root) {
        Map<String, String> lines = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = root.relativize(path).toString();
                if (relative.isEmpty() || relative.equals(ExtractionMarker.FILE_NAME)) {
                    continue;
                }
                lines.put(relative, describe(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static String describe(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return "symlink -> " + Files.readSymbolicLink(path);
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "dir " + mode;
        }
        return "file " + mode + " links=" + Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS) + " "
                + Digests.sha256(Files.readAllBytes(path));
    }
}
