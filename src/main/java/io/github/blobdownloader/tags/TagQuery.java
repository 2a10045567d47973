package io.github.blobdownloader.tags;

/**
 * What the {@code tags} goal lists and how it ranks.
 *
 * @param image              reference, or just the repository when {@code registryUrl} is set
 * @param registryUrl        full registry URL in the seed's style, or {@code null}
 * @param platform           {@code os/arch[/variant][:os.version]} or {@code all}: what {@code newest} reads
 * @param tagStrategy        {@code latest}, {@code semver} or {@code newest}
 * @param includePrereleases whether {@code semver} considers pre-release versions
 * @param parallelism        configs read at once by {@code newest}
 */
public record TagQuery(
        String image,
        String registryUrl,
        String platform,
        String tagStrategy,
        boolean includePrereleases,
        int parallelism) {}
