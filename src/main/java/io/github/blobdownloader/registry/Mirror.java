package io.github.blobdownloader.registry;

import io.github.blobdownloader.reference.ImageReference;
import java.util.Locale;
import java.util.Set;

/**
 * A registry mirror or pull-through cache, tried before the registry it mirrors.
 *
 * @param registry the mirrored registry as image references name it, e.g. {@code docker.io} or
 *                 {@code registry.example.com:5000}
 * @param url      the mirror's URL, e.g. {@code https://mirror.example} (a path prefix and {@code /v2} allowed)
 */
public record Mirror(String registry, String url) {

    /** Docker Hub's other names, all meaning {@code docker.io}. */
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

    /** Whether this mirror serves images of {@code registry} (case-insensitive; Docker Hub by any name). */
    public boolean mirrors(String imageRegistry) {
        return registry != null && normalize(registry).equals(normalize(imageRegistry));
    }

    private static String normalize(String registry) {
        String r = registry.trim().toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(r) ? ImageReference.DOCKER_HUB : r;
    }
}
