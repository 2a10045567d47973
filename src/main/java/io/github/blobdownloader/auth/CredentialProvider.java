package io.github.blobdownloader.auth;

import java.util.List;
import java.util.Optional;

/**
 * Finds credentials for a registry. Sources are chained in the documented order: explicit parameters,
 * settings.xml, Docker's config, then none (anonymous).
 */
@FunctionalInterface
public interface CredentialProvider {

    /**
     * @param registry the registry as the user named it, e.g. {@code docker.io} or {@code host:5000}
     */
    Optional<Credential> find(String registry);

    /** No credentials: anonymous access only. */
    static CredentialProvider anonymous() {
        return registry -> Optional.empty();
    }

    /** The first provider that has credentials wins. */
    static CredentialProvider firstOf(List<CredentialProvider> providers) {
        return registry -> {
            for (CredentialProvider p : providers) {
                Optional<Credential> found = p.find(registry);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        };
    }
}
