package io.github.blobdownloader.testing;

import java.util.List;

/**
 * An image manifest pushed by {@link TestImages}, with the exact bytes the registry stores so tests
 * can compare downloads byte for byte.
 *
 * @param repository     repository name, e.g. {@code library/app}
 * @param reference      the tag, or the manifest digest when pushed without a tag
 * @param manifestDigest {@code sha256:} digest of {@code manifestBytes}
 * @param mediaType      manifest media type (OCI or Docker schema 2)
 * @param manifestBytes  manifest as pushed
 * @param configDigest   digest of the config blob
 * @param configBytes    config blob as pushed
 * @param layers         layer descriptors in manifest order
 */
public record PushedImage(
        String repository,
        String reference,
        String manifestDigest,
        String mediaType,
        byte[] manifestBytes,
        String configDigest,
        byte[] configBytes,
        List<Layer> layers) {

    /**
     * One layer of a pushed image.
     *
     * @param digest    {@code sha256:} digest of {@code bytes}
     * @param size      length of {@code bytes}
     * @param mediaType layer media type
     * @param bytes     blob content (also present for foreign layers that were not pushed)
     */
    public record Layer(String digest, long size, String mediaType, byte[] bytes) {}

    /** {@code os} from the config. */
    public String os() {
        return Json.stringField(configJson(), "os");
    }

    /** {@code architecture} from the config. */
    public String architecture() {
        return Json.stringField(configJson(), "architecture");
    }

    /** {@code variant} from the config, or {@code null}. */
    public String variant() {
        return Json.stringField(configJson(), "variant");
    }

    /** {@code os.version} from the config, or {@code null}. */
    public String osVersion() {
        return Json.stringField(configJson(), "os.version");
    }

    /** Image reference for tools, e.g. {@code 127.0.0.1:5000/repo:tag} or {@code ...@sha256:...}. */
    public String imageReference(String hostPort) {
        return hostPort + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }

    private String configJson() {
        return new String(configBytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
