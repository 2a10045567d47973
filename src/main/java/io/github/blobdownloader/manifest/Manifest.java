package io.github.blobdownloader.manifest;

import io.github.blobdownloader.reference.Digest;

/** A manifest as fetched: either an image manifest or an index (manifest list). */
public sealed interface Manifest permits ImageManifest, ImageIndex {

    String mediaType();

    /** The exact bytes the registry served; their SHA-256 is {@link #digest()}. */
    byte[] raw();

    Digest digest();
}
