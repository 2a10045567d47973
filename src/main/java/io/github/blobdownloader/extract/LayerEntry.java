package io.github.blobdownloader.extract;

import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * What planning needs of one tar header, kept for every entry of every layer while the content is skipped.
 *
 * @param name     the entry's raw name, checked when it is applied
 * @param kind     what the entry makes
 * @param linkName a link's target as the tar has it; empty for other kinds
 * @param mode     the permission bits
 * @param mtime    the modification time
 * @param size     a regular file's size in bytes
 */
record LayerEntry(String name, Kind kind, String linkName, int mode, FileTime mtime, long size) {

    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARD_LINK,
        /** Device nodes and fifos: a build cannot create them without root. */
        DEVICE,
        /** Volume labels, vendor extensions: no file of the image. */
        OTHER
    }

    static LayerEntry of(TarArchiveEntry entry) {
        Kind kind;
        if (entry.isSymbolicLink()) {
            kind = Kind.SYMLINK;
        } else if (entry.isLink()) {
            kind = Kind.HARD_LINK;
        } else if (entry.isDirectory()) {
            kind = Kind.DIRECTORY;
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            kind = Kind.DEVICE;
        } else if (entry.isFile() || entry.isSparse() || entry.getLinkFlag() == TarConstants.LF_CONTIG) {
            kind = Kind.FILE;
        } else {
            kind = Kind.OTHER;
        }
        String link = entry.getLinkName() == null ? "" : entry.getLinkName();
        return new LayerEntry(
                entry.getName(),
                kind,
                link,
                entry.getMode(),
                entry.getLastModifiedTime(),
                kind == Kind.FILE ? entry.getRealSize() : 0);
    }
}
