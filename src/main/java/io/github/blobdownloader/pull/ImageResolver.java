package io.github.blobdownloader.pull;

import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.registry.RegistryEndpoint;

/** Turns the user's {@code image}, {@code registryUrl} and {@code tag} into a reference and an endpoint. */
public final class ImageResolver {

    /** The tag pulled when neither a tag nor a digest is given. */
    public static final String DEFAULT_TAG = "latest";

    private ImageResolver() {
    }

    /** The reference to pull: the {@code tag} parameter wins over a tag in the image; else {@code latest}. */
    public static ImageReference reference(PullRequest request) {
        ImageReference ref = request.registryUrl() != null && !request.registryUrl().isBlank()
                ? ImageReference.parseRepository(RegistryUrl.parse(request.registryUrl()).hostPort(), request.image())
                : ImageReference.parse(request.image());
        if (request.tag() != null && !request.tag().isBlank()) {
            ref = ref.withTag(ImageReference.validateTag(request.tag().trim()));
        }
        if (ref.tag() == null && ref.digest() == null) {
            ref = ref.withTag(DEFAULT_TAG);
        }
        return ref;
    }

    /** Where to send the requests for {@code ref}. */
    public static RegistryEndpoint endpoint(PullRequest request, ImageReference ref) {
        if (request.registryUrl() != null && !request.registryUrl().isBlank()) {
            return RegistryEndpoint.of(RegistryUrl.parse(request.registryUrl()), request.insecureRegistries());
        }
        return RegistryEndpoint.of(ref, request.insecureRegistries());
    }
}
