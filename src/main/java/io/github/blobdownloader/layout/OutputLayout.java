package io.github.blobdownloader.layout;

import io.github.blobdownloader.manifest.Descriptor;
import java.nio.file.Path;

/** How a pulled image is laid out on disk. The puller fills blob files; the layout names them and finishes. */
public interface OutputLayout {

    /** The final file for a blob; {@code config} marks the image's config blob. */
    Path blobPath(Descriptor blob, boolean config);

    /**
     * Whether the blob's file is already there and good, so no request is needed. Layouts that name files
     * by digest check the size; others also re-hash.
     */
    boolean isPresent(Descriptor blob, boolean config);

    /** Writes what completes the layout once every blob is in place (manifest, index). */
    void finish(PulledImage image);
}
