package io.github.blobdownloader.testing;

import java.util.List;

/**
 * An OCI image index or Docker manifest list pushed by {@link TestImages}.
 *
 * @param manifestDigest {@code sha256:} digest of {@code bytes}
 * @param mediaType      index / manifest list media type
 * @param bytes          the index as pushed
 * @param images         the platform images it references, in index order
 */
public record PushedIndex(String manifestDigest, String mediaType, byte[] bytes, List<PushedImage> images) {}
