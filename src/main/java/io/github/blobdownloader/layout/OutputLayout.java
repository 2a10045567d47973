package io.github.blobdownloader.layout;

import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.Platform;
import java.nio.file.Path;
import java.util.List;

/**
 * How a pull is laid out on disk. The puller fills blob files; the layout names them, finishes each image,
 * and completes the pull. Layouts are chosen by name through {@link Layouts#create}.
 */
public interface OutputLayout {

    /** The final file for a blob; {@code config} marks the image's config blob. */
    Path blobPath(Descriptor blob, boolean config);

    /**
     * Where the report says a blob is: its file, or for archives the entry inside the archive
     * ({@code app-1.0.tar/<hex>.tar.gz}).
     */
    default Path reportedPath(Descriptor blob, boolean config) {
        return blobPath(blob, config);
    }

    /**
     * Whether the blob's file is already there and good, so no request is needed. Layouts that name files
     * by digest check the size; others also re-hash.
     */
    boolean isPresent(Descriptor blob, boolean config);

    /**
     * Whether blob files may be hard links to cache entries. Only for files the plugin alone reads and then
     * deletes (a staging folder): a link in a folder the user owns would let an edit there change the cache
     * and every later pull of the blob. Others get a copy.
     */
    default boolean mayLinkFromCache() {
        return false;
    }

    /**
     * Why this layout leaves a blob out, or {@code null} to keep it. A blob left out is neither downloaded nor
     * written; the puller names a left-out layer and the reason in the log, and the report lists it without a
     * file. Asked after {@link #admit}.
     */
    default String leavesOut(Descriptor blob, boolean config) {
        return null;
    }

    /** Writes what completes one image once its blobs are in place (its manifest). */
    void finish(PulledImage image);

    /** The layout one platform's image goes to when every platform of an index is pulled. */
    default OutputLayout forPlatform(Platform platform) {
        return this;
    }

    /**
     * Where a referrer of the pulled image (an SBOM, an attestation, a signature: a manifest whose
     * {@code subject} names the image) goes. Folder layouts give each its own folder,
     * {@code referrers/<hex of its manifest digest>}; the OCI layout keeps it among its blobs and lists it in
     * {@code index.json}, as OCI layout readers of referrers expect.
     */
    OutputLayout forReferrer(Descriptor referrer);

    /** The folder that holds the referrers of folder layouts. */
    static Path referrerFolder(Path directory, Descriptor referrer) {
        return directory.resolve(REFERRERS_FOLDER).resolve(referrer.digest().hex());
    }

    String REFERRERS_FOLDER = "referrers";

    /**
     * Refuses, before anything is downloaded, an image this layout cannot hold.
     *
     * @param image the image, for messages
     */
    default void admit(ImageManifest manifest, String image) {}

    /**
     * Whether a pull of every platform keeps the whole index, so its non-platform entries (attestations)
     * are pulled too: the index is stored byte for byte and must not name a missing manifest.
     */
    default boolean keepsWholeIndex() {
        return false;
    }

    /** Called once after every image of the pull is finished: writes what names them all. */
    default void complete(Manifest top, List<PulledImage> images) {}

    /**
     * Taken before the first blob is planned and released after {@link #complete}: a layout whose working
     * files concurrent pulls into the same folder must not share makes the others wait here.
     */
    default Claim claim() {
        return () -> {};
    }

    /** The right to fill and complete this layout; closing it lets the next pull in. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }
}
