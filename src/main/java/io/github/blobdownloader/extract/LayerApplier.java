package io.github.blobdownloader.extract;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies layers, lowest first, onto a {@link RootDirectory} by the OCI changeset rules: whiteouts and opaque
 * directories hide what lower layers had (never what the same layer wrote), an entry replaces whatever was at
 * its path, hard links and symlinks are recreated as such, and modes and mtimes are kept. Ownership is not
 * applied: an unprivileged build cannot, and the files belong to whoever runs it.
 */
final class LayerApplier {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final RootDirectory root;
    /** Mode and mtime of every directory an entry named, applied last: writes into a directory change both. */
    private final NavigableMap<String, Metadata> directories = new TreeMap<>();
    /** What the current layer wrote, and their parents: whiteouts of the same layer leave these alone. */
    private final Set<String> writtenByLayer = new HashSet<>();

    private final Set<String> touchedByLayer = new HashSet<>();
    private final Tally tally = new Tally();

    LayerApplier(RootDirectory root) {
        this.root = root;
    }

    /** What was written and skipped so far. */
    Tally tally() {
        return tally;
    }

    /**
     * Applies one layer's tar stream.
     *
     * @param layer how messages name the layer ({@code layer 2/3 (sha256:…) of <image>})
     */
    void apply(InputStream tar, String layer) throws IOException {
        writtenByLayer.clear();
        touchedByLayer.clear();
        TarArchiveInputStream entries = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            try {
                applyEntry(entry, entries);
            } catch (UnsafeEntryException e) {
                throw new BlobDownloaderException(
                        layer + " has the entry '" + UntrustedText.printable(entry.getName())
                                + "', refused because " + e.getMessage()
                                + ": applying it could write outside the output."
                                + " Nothing was extracted; use an image you trust",
                        false);
            }
        }
    }

    private void applyEntry(TarArchiveEntry entry, InputStream content) throws UnsafeEntryException, IOException {
        EntryName name = EntryName.parse(entry.getName());
        if (name.isRoot()) {
            return;
        }
        String base = name.baseName();
        if (base.startsWith(WHITEOUT)) {
            whiteout(name, base);
            return;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            tally.skipped(name.path());
            return;
        }
        if (entry.isSymbolicLink()) {
            symlink(name, entry);
        } else if (entry.isLink()) {
            hardLink(name, entry);
        } else if (entry.isDirectory()) {
            directory(name, entry);
        } else if (isRegularFile(entry)) {
            file(name, entry, content);
        } else {
            return; // other kinds (volume labels, vendor extensions) carry no file
        }
        markWritten(name.path());
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() || entry.isSparse() || entry.getLinkFlag() == TarConstants.LF_CONTIG;
    }

    private void file(EntryName name, TarArchiveEntry entry, InputStream content)
            throws UnsafeEntryException, IOException {
        Path path = root.prepare(name);
        remove(name.path(), path);
        // CREATE_NEW: a symlink at the path is never followed, even one this code failed to remove.
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            content.transferTo(out);
        }
        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        setTime(path, entry.getLastModifiedTime());
        tally.files++;
    }

    private void directory(EntryName name, TarArchiveEntry entry) throws UnsafeEntryException, IOException {
        Path path = root.prepare(name);
        BasicFileAttributes existing = RootDirectory.attributes(path);
        if (existing == null || !existing.isDirectory()) {
            remove(name.path(), path);
            RootDirectory.createDirectory(path);
            tally.directories++;
        }
        // A directory over a directory merges: the lower contents stay, the upper metadata wins.
        directories.put(name.path(), new Metadata(entry.getMode(), entry.getLastModifiedTime()));
    }

    private void symlink(EntryName name, TarArchiveEntry entry) throws UnsafeEntryException, IOException {
        String target = entry.getLinkName();
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("it is a symlink without a valid target");
        }
        Path path = root.prepare(name);
        remove(name.path(), path);
        // Verbatim, absolute targets too: it is the image's link, resolved in the image, never followed here.
        Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
        setTime(path, entry.getLastModifiedTime());
        tally.links++;
    }

    private void hardLink(EntryName name, TarArchiveEntry entry) throws UnsafeEntryException, IOException {
        EntryName targetName;
        try {
            targetName = EntryName.parse(entry.getLinkName());
        } catch (UnsafeEntryException e) {
            throw new UnsafeEntryException("it is a hard link to '" + UntrustedText.printable(entry.getLinkName())
                    + "', outside the image (" + e.getMessage() + ")");
        }
        Path target = root.existingNonDirectory(targetName);
        Path path = root.prepare(name);
        if (path.equals(target)) {
            return;
        }
        remove(name.path(), path);
        Files.createLink(path, target);
        tally.links++;
    }

    /** {@code .wh.<name>} hides the lower {@code <name>}; {@code .wh..wh..opq} everything lower in its folder. */
    private void whiteout(EntryName name, String base) throws UnsafeEntryException, IOException {
        Path folder = root.existingDirectory(name.parent());
        if (base.startsWith(WHITEOUT + WHITEOUT) && !base.equals(OPAQUE)) {
            return; // other aufs metadata (.wh..wh.plnk, .wh..wh.aufs): no file of the image
        }
        if (folder == null) {
            return; // nothing lower to hide
        }
        if (base.equals(OPAQUE)) {
            for (String child : RootDirectory.children(folder)) {
                hideLower(EntryName.join(name.parent(), child), folder.resolve(child));
            }
            return;
        }
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new UnsafeEntryException("it is a whiteout of '" + hidden + "'");
        }
        hideLower(EntryName.join(name.parent(), hidden), folder.resolve(hidden));
    }

    /** Deletes what lower layers left at {@code relative}, keeping what this layer wrote there. */
    private void hideLower(String relative, Path path) throws IOException {
        BasicFileAttributes attributes = RootDirectory.attributes(path);
        if (attributes == null) {
            return;
        }
        if (!touchedByLayer.contains(relative)) {
            remove(relative, path);
        } else if (attributes.isDirectory()) {
            for (String child : RootDirectory.children(path)) {
                hideLower(EntryName.join(relative, child), path.resolve(child));
            }
        }
    }

    private void remove(String relative, Path path) throws IOException {
        BasicFileAttributes attributes = RootDirectory.attributes(path);
        if (attributes == null) {
            return;
        }
        if (attributes.isDirectory()) {
            directories.remove(relative);
            directories.subMap(relative + "/", relative + "0").clear(); // '0' follows '/': the whole subtree
        }
        RootDirectory.deleteTree(path);
    }

    private void markWritten(String relative) {
        writtenByLayer.add(relative);
        for (String path = relative; touchedByLayer.add(path); ) {
            int slash = path.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            path = path.substring(0, slash);
        }
    }

    /**
     * Gives the directories the image named their modes and mtimes, deepest first, once nothing more is
     * written into them.
     */
    void finishDirectories() throws IOException {
        for (Map.Entry<String, Metadata> each : directories.descendingMap().entrySet()) {
            Path path = root.root().resolve(each.getKey());
            BasicFileAttributes attributes = RootDirectory.attributes(path);
            if (attributes != null && attributes.isDirectory()) {
                Files.setPosixFilePermissions(path, permissions(each.getValue().mode()));
                setTime(path, each.getValue().mtime());
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

    private record Metadata(int mode, FileTime mtime) {}

    /** Counts for the summary line; device nodes and fifos are skipped and named once. */
    static final class Tally {
        int files;
        int directories;
        int links;
        int devices;
        String firstDevice;

        void skipped(String path) {
            if (devices++ == 0) {
                firstDevice = path;
            }
        }
    }
}
