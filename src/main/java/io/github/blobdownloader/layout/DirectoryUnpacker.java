package io.github.blobdownloader.layout;

import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Unpacks a folder that oras packed into one layer (a tar whose entries start with the folder's name). The
 * {@code extract} package implements it with its tar rules; whoever runs the pull hands it to the layout,
 * since {@code extract} pulls through the layouts and they cannot depend on it in turn.
 */
@FunctionalInterface
public interface DirectoryUnpacker {

    /**
     * Unpacks {@code archive} into {@code staging}: the folder's own entry becomes {@code staging}, an entry
     * {@code folder/x} becomes {@code staging/x}.
     *
     * @param archive   the layer blob, verified
     * @param mediaType the layer's media type, which says how it is compressed
     * @param folder    the name every entry starts with: the layer's title
     * @param tarDigest the digest of the uncompressed tar to check, or {@code null}
     * @param staging   a new, empty folder
     * @param what      how messages name the layer
     * @throws io.github.blobdownloader.BlobDownloaderException for an entry that would land outside
     *     {@code staging}, or a tar that does not hash to {@code tarDigest}
     */
    void unpack(Path archive, String mediaType, String folder, Digest tarDigest, Path staging, String what)
            throws IOException;
}
