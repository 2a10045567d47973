package io.github.blobdownloader.pull;

import io.github.blobdownloader.registry.RegistryOptions;
import java.nio.file.Path;

/**
 * What names an image and how to resolve it to a digest, apart from where its files go: what {@code inspect}
 * asks, and the first half of every pull.
 *
 * @param image              reference, or just the repository when {@code registryUrl} is set
 * @param registryUrl        full registry URL in the seed's style, or {@code null}
 * @param tag                tag overriding one in {@code image}, or {@code null}
 * @param platform           {@code os/arch[/variant][:os.version]} or {@code all}
 * @param tagStrategy        {@code latest}, {@code semver} or {@code newest}: picks a tag when none is given
 * @param includePrereleases whether {@code semver} considers pre-release versions
 * @param parallelism        configs read at once by {@code newest}
 * @param lockFile           the lock file pinning digests, or {@code null}
 * @param updateLock         re-resolve and rewrite the pin instead of using it
 * @param offline            no network at all (a local cache may still serve)
 * @param registry           how to reach registries
 */
public record ImageQuery(
        String image,
        String registryUrl,
        String tag,
        String platform,
        String tagStrategy,
        boolean includePrereleases,
        int parallelism,
        Path lockFile,
        boolean updateLock,
        boolean offline,
        RegistryOptions registry) {}
