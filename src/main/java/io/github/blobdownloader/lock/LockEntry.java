package io.github.blobdownloader.lock;

import io.github.blobdownloader.reference.Digest;
import java.util.List;

/**
 * One pin: what the user asked for, and the manifest it resolved to.
 *
 * @param key       what was asked for, e.g. {@code registry/repo:1.4 linux/amd64} or
 *                  {@code registry/repo tagStrategy=semver linux/amd64}
 * @param image     {@code registry/repository}
 * @param tag       the tag that was chosen
 * @param platform  the platform asked for ({@code os/arch[/variant][:os.version]} or {@code all})
 * @param digest    the digest of the manifest (or index) the tag pointed to
 * @param referrers the referrers pulled with it, or {@code null} when none were asked for yet
 * @param signature the manifest carrying the signature that verified it (a cosign {@code .sig} manifest or a
 *                  Sigstore bundle referrer), or {@code null} when signatures were not checked
 */
public record LockEntry(
        String key,
        String image,
        String tag,
        String platform,
        Digest digest,
        List<Referrer> referrers,
        Digest signature) {

    /**
     * A pinned referrer.
     *
     * @param artifactType its artifactType as listed, or {@code null}
     */
    public record Referrer(Digest digest, String artifactType) {}

    public LockEntry {
        referrers = referrers == null ? null : List.copyOf(referrers);
    }

    public LockEntry(String key, String image, String tag, String platform, Digest digest) {
        this(key, image, tag, platform, digest, null, null);
    }

    /** This pin with {@code referrers} recorded. */
    public LockEntry withReferrers(List<Referrer> referrers) {
        return new LockEntry(key, image, tag, platform, digest, referrers, signature);
    }

    /** This pin with the signature manifest that verified it. */
    public LockEntry withSignature(Digest value) {
        return new LockEntry(key, image, tag, platform, digest, referrers, value);
    }

    /** The key of a request: the image, the tag or the strategy that picks one, and the platform. */
    public static String key(String image, String tagOrNull, String strategy, String platform) {
        return image + (tagOrNull != null ? ":" + tagOrNull : " tagStrategy=" + strategy) + " " + platform;
    }
}
