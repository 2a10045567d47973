package io.github.blobdownloader.extract;

import io.github.blobdownloader.reference.ImageReference;

/**
 * What an extraction did.
 *
 * @param reference the resolved reference (digest of the top-level manifest)
 * @param digest    the extracted image manifest's digest
 * @param upToDate  whether the output already held it, so nothing was requested or written
 */
public record ExtractResult(ImageReference reference, String digest, boolean upToDate) {}
