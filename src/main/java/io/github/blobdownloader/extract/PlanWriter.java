package io.github.blobdownloader.extract;

import io.github.blobdownloader.extract.ChangesetPlan.WritePlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Finishes a {@link WritePlan} in a {@link RootDirectory} once {@link TopDownPass} has reconciled the tree
 * with it: the planned contents the first pass did not write (from a second read of their layers only,
 * stopping after each one's last planned entry), then hard links and symlinks, and the directories' modes
 * and mtimes last, deepest first, once nothing more is written into them. Ownership is not applied: an
 * unprivileged build cannot, and the files belong to whoever runs it.
 */
final class PlanWriter {

    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final RootDirectory root;
    private final WritePlan plan;
    /** What was really written, counted at the writes: the summary line reports these. */
    private final AtomicLong filesWritten = new AtomicLong();

    private final AtomicLong bytesWritten = new AtomicLong();

    PlanWriter(RootDirectory root, WritePlan plan) {
        this.root = root;
        this.plan = plan;
    }

    /** Writes {@code files}, planned contents of one layer, from its tar stream. */
    void writeFiles(Map<Integer, WritePlan.File> files, InputStream tar) throws IOException, UnsafeEntryException {
        int left = files.size();
        TarArchiveInputStream entries = LayerEntries.open(tar);
        byte[] buffer = new byte[LayerEntries.BUFFER];
        for (int seq = 0; left > 0 && entries.getNextEntry() != null; seq++) {
            WritePlan.File file = files.get(seq);
            if (file == null) {
                LayerEntries.drain(entries, buffer);
                continue;
            }
            Path path = root.prepare(new EntryName(file.path()));
            // CREATE_NEW: a symlink at the path is never followed.
            try (OutputStream out =
                    Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                bytesWritten.addAndGet(LayerEntries.copy(entries, out, buffer));
            }
            filesWritten.incrementAndGet();
            setMetadata(path, file.content().mode(), file.content().mtime());
            left--;
        }
        if (left > 0) {
            throw new IOException("the layer ended before " + left + " of the entries its headers had");
        }
    }

    long filesWritten() {
        return filesWritten.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    void createLinks() throws IOException, UnsafeEntryException {
        for (WritePlan.HardLink link : plan.hardLinks) {
            Files.createLink(
                    root.prepare(new EntryName(link.path())), root.root().resolve(link.existing()));
        }
        for (WritePlan.Symlink link : plan.symlinks) {
            Path path = root.prepare(new EntryName(link.path()));
            // Verbatim, absolute targets too: it is the image's link, resolved in the image, never followed here.
            Files.createSymbolicLink(path, path.getFileSystem().getPath(link.target()));
            setTime(path, link.mtime());
        }
    }

    static void setMetadata(Path file, int mode, FileTime mtime) throws IOException {
        Files.setPosixFilePermissions(file, permissions(mode));
        setTime(file, mtime);
    }

    void finishDirectories() throws IOException {
        List<WritePlan.Directory> directories = plan.directories;
        for (int i = directories.size() - 1; i >= 0; i--) {
            WritePlan.Directory directory = directories.get(i);
            if (directory.metadata() != null) {
                Path path = root.root().resolve(directory.path());
                Files.setPosixFilePermissions(
                        path, permissions(directory.metadata().mode()));
                setTime(path, directory.metadata().mtime());
            }
        }
    }

    private static void setTime(Path path, FileTime time) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NO_FOLLOW)
                .setTimes(time, time, null);
    }

    /** The permission bits; set-id and sticky bits have no portable Java API and are not applied. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
