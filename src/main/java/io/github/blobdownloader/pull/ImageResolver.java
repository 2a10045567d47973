package io.github.blobdownloader.pull;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;

/** Turns a pull request's {@code image}, {@code registryUrl}, {@code tag} and {@code platform} into values. */
public final class ImageResolver {

    private ImageResolver() {}

    /**
     * The reference as the user gave it: the {@code tag} parameter wins over a tag in the image. It may have
     * neither tag nor digest; {@link TagResolution} then picks a tag.
     */
    public static ImageReference reference(PullRequest request) {
        return ImageReference.resolve(request.image(), request.registryUrl(), request.tag());
    }

    /** A client for the request's registry, with its credentials, retries and timeouts. */
    public static RegistryClient client(PullRequest request, RegistryEndpoint endpoint, Log log) {
        return request.registry().clients(log).client(endpoint);
    }

    /** The requested platform, or {@code null} for {@code all}. */
    public static Platform platformOrAll(PullRequest request) {
        return Platform.parseOrAll(request.platform());
    }

    /** Where to send the requests for {@code ref}. */
    public static RegistryEndpoint endpoint(PullRequest request, ImageReference ref) {
        return request.registry().endpoint(ref, request.registryUrl());
    }
}
