package io.github.blobdownloader.extract;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A folder packed into one tar layer, as {@code oras push} packs a directory: every entry starts with the
 * folder's name. Unpacked with {@code extract}'s rules ({@link EntryName}, {@link RootDirectory}): no absolute
 * name, no {@code ..}, nothing written through a symlink; further, every entry, symlink target and hard-link
 * target must stay inside the folder, since the build reads the folder as plain files (a hard link to a symlink
 * is checked as that symlink, from the link's own folder). Device nodes and fifos
 * are refused: a packed folder of files has none.
 */
public final class DirectoryArchive {

    private DirectoryArchive() {}

    /**
     * Unpacks {@code archive} into the new empty folder {@code staging} (see
     * {@link io.github.blobdownloader.layout.DirectoryUnpacker#unpack}).
     */
    public static void unpack(
            Path archive, String mediaType, String folder, Digest tarDigest, Path staging, String what)
            throws IOException {
        LayerCompression compression = LayerCompression.of(mediaType, what);
        RootDirectory root = new RootDirectory(staging);
        MessageDigest md = tarDigest == null ? null : tarDigest.newMessageDigest();
        try (InputStream raw = Files.newInputStream(archive);
                InputStream opened = compression.open(raw, what);
                InputStream tar = md == null ? opened : new DigestInputStream(opened, md)) {
            TarArchiveInputStream entries = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                try {
                    unpackEntry(root, folder, entry, entries);
                } catch (UnsafeEntryException e) {
                    throw new BlobDownloaderException(
                            what + " has the entry '" + UntrustedText.printable(entry.getName())
                                    + "', refused because " + e.getMessage()
                                    + ": unpacking it could reach outside the folder '"
                                    + UntrustedText.printable(folder)
                                    + "'. Nothing was unpacked; use an artifact you trust",
                            false);
                }
            }
            if (md != null) {
                tar.transferTo(OutputStream.nullOutputStream()); // the tar's end blocks count too
                Digest actual = tarDigest.sameAlgorithm(md.digest());
                if (!actual.equals(tarDigest)) {
                    throw new BlobDownloaderException(
                            what + " unpacks to a tar of digest " + actual + ", but its annotation "
                                    + "io.deis.oras.content.digest says " + tarDigest
                                    + ". Nothing was unpacked; the artifact is broken: push it again",
                            false);
                }
            }
        }
    }

    private static void unpackEntry(RootDirectory root, String folder, TarArchiveEntry entry, InputStream content)
            throws UnsafeEntryException, IOException {
        EntryName name = inside(folder, EntryName.parse(entry.getName()));
        if (entry.isSymbolicLink()) {
            symlink(root, name, entry.getLinkName());
        } else if (entry.isLink()) {
            EntryName target;
            try {
                target = inside(folder, EntryName.parse(entry.getLinkName()));
            } catch (UnsafeEntryException e) {
                throw new UnsafeEntryException("it is a hard link to '" + UntrustedText.printable(entry.getLinkName())
                        + "' (" + e.getMessage() + ")");
            }
            Path existing = root.existingNonDirectory(target);
            if (Files.isSymbolicLink(existing)) {
                // Linux links the symlink itself, whose relative target then resolves from this entry's folder:
                // it is that symlink again, checked from here.
                symlink(root, name, Files.readSymbolicLink(existing).toString());
                return;
            }
            Path path = root.prepare(name);
            RootDirectory.deleteTree(path);
            Files.createLink(path, existing);
        } else if (entry.isDirectory()) {
            if (!name.isRoot()) {
                Path path = root.prepare(name);
                var attributes = RootDirectory.attributes(path);
                if (attributes == null || !attributes.isDirectory()) {
                    RootDirectory.deleteTree(path);
                    RootDirectory.createDirectory(path);
                }
            }
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new UnsafeEntryException("it is a device node or fifo, which a folder of files does not hold");
        } else if (entry.isFile()) {
            if (name.isRoot()) {
                throw new UnsafeEntryException("it is a file where the folder itself should be");
            }
            Path path = root.prepare(name);
            RootDirectory.deleteTree(path);
            // CREATE_NEW: a symlink at the path is never followed.
            try (OutputStream out =
                    Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
            // The owner may always read and replace it: the build reads these files, and a re-run replaces them.
            Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0600));
            Files.setLastModifiedTime(path, entry.getLastModifiedTime());
        }
    }

    /** {@code folder/x} as {@code x} (the folder itself as the root); anything else is refused. */
    private static EntryName inside(String folder, EntryName name) throws UnsafeEntryException {
        if (name.path().equals(folder)) {
            return new EntryName("");
        }
        if (!name.path().startsWith(folder + "/")) {
            throw new UnsafeEntryException("it is not inside the folder '" + UntrustedText.printable(folder) + "'");
        }
        return new EntryName(name.path().substring(folder.length() + 1));
    }

    private static void symlink(RootDirectory root, EntryName name, String target)
            throws UnsafeEntryException, IOException {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0 || target.startsWith("/")) {
            throw new UnsafeEntryException("it is a symlink to '" + UntrustedText.printable(String.valueOf(target))
                    + "', which is not a path inside the folder");
        }
        // Resolved from the link's folder, the target must stay inside. '..' only in front: after a name, which
        // may itself be a symlink, '..' would climb from wherever that link leads.
        int depth = name.parent().isEmpty() ? 0 : name.parent().split("/").length;
        boolean descending = false;
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (descending || --depth < 0) {
                    throw new UnsafeEntryException("it is a symlink to '" + UntrustedText.printable(target)
                            + "', which may lead outside the folder");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                descending = true;
            }
        }
        if (name.isRoot()) {
            throw new UnsafeEntryException("it is a symlink where the folder itself should be");
        }
        Path path = root.prepare(name);
        RootDirectory.deleteTree(path);
        Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE: 0400 … 0001
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
