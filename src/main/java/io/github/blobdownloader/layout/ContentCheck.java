package io.github.blobdownloader.layout;

import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** Whether a file on disk holds a blob: cheaply by size, or thoroughly by re-hashing. */
public final class ContentCheck {

    private static final int BUFFER_SIZE = 1 << 20;

    private ContentCheck() {}

    /** The file exists with exactly {@code size} bytes, and when {@code rehash}, its content hashes to {@code digest}. */
    public static boolean holds(Path file, Digest digest, long size, boolean rehash) {
        try {
            return hasSize(file, size) && (!rehash || hashes(file, digest));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code file} is a regular file of {@code size} bytes. */
    public static boolean hasSize(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Re-hashes the whole file with {@code digest}'s algorithm. */
    public static boolean hashes(Path file, Digest digest) throws IOException {
        return copyHashing(file, null, digest);
    }

    /**
     * Copies {@code from} to the new file {@code to}, hashing the bytes on the way (one read for both), and
     * says whether they match {@code digest}. The caller renames {@code to} into place only when they do.
     */
    public static boolean copyVerified(Path from, Path to, Digest digest) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            return copyHashing(from, out, digest);
        }
    }

    private static boolean copyHashing(Path from, FileChannel out, Digest digest) throws IOException {
        MessageDigest md = digest.newMessageDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                md.update(buffer.duplicate());
                while (out != null && buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
        }
        return digest.sameAlgorithm(md.digest()).equals(digest);
    }
}
