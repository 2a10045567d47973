package io.github.blobdownloader.lock;

import io.github.blobdownloader.reference.Digest;

/**
 * One pin: what the user asked for, and the manifest it resolved to.
 *
 * @param key      what was asked for, e.g. {@code registry/repo:1.4 linux/amd64} or
 *                 {@code registry/repo tagStrategy=semver linux/amd64}
 * @param image    {@code registry/repository}
 * @param tag      the tag that was chosen
 * @param platform the platform asked for ({@code os/arch[/variant][:os.version]} or {@code all})
 * @param digest   the digest of the manifest (or index) the tag pointed to
 * @param signature the manifest carrying the signature that verified it (a cosign {@code .sig} manifest or a
 *                  Sigstore bundle referrer), or {@code null} when signatures were not checked
 */
public record LockEntry(String key, String image, String tag, String platform, Digest digest, Digest signature) {

    public LockEntry(String key, String image, String tag, String platform, Digest digest) {
        this(key, image, tag, platform, digest, null);
    }

    /** The same pin, with the signature manifest that verified it. */
    public LockEntry withSignature(Digest value) {
        return new LockEntry(key, image, tag, platform, digest, value);
    }

    /** The key of a request: the image, the tag or the strategy that picks one, and the platform. */
    public static String key(String image, String tagOrNull, String strategy, String platform) {
        return image + (tagOrNull != null ? ":" + tagOrNull : " tagStrategy=" + strategy) + " " + platform;
    }
}
