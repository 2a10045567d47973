package io.github.blobdownloader.layout;

import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Packs a written layout folder into one {@code .tar} (paths relative to the folder, sorted, fixed
 * times), so it can be attached to a Maven project. An OCI layout packed this way is an
 * {@code oci-archive} that skopeo and podman read. Hidden files (temp, lock and staging files) are left out.
 */
public final class LayoutArchive {

    private static final int BUFFER = 1 << 16;

    private LayoutArchive() {}

    /** Writes {@code archive} atomically from the files under {@code directory}. */
    public static void pack(Path directory, Path archive) {
        Path root = directory.toAbsolutePath().normalize();
        Path self = archive.toAbsolutePath().normalize();
        AtomicFiles.write(archive, temp -> {
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(root)) {
                entries = walk.filter(p -> !p.equals(root) && !p.equals(self) && !isHidden(root, p))
                        .sorted()
                        .toList();
            }
            try (TarWriter tar = new TarWriter(new BufferedOutputStream(Files.newOutputStream(temp), BUFFER), 0)) {
                for (Path p : entries) {
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (Files.isDirectory(p)) {
                        tar.putDirectory(name);
                    } else {
                        tar.putFile(name, p);
                    }
                }
                tar.finish();
            }
        });
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
