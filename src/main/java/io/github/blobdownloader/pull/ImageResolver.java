package io.github.blobdownloader.pull;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.http.TlsTrust;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.registry.CaCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.http.RetryPolicy;
import javax.net.ssl.SSLContext;

/** Turns the user's {@code image}, {@code registryUrl} and {@code tag} into a reference and an endpoint. */
public final class ImageResolver {

    private ImageResolver() {
    }

    /**
     * The reference as the user gave it: the {@code tag} parameter wins over a tag in the image. It may have
     * neither tag nor digest; {@link TagResolution} then picks a tag.
     */
    public static ImageReference reference(PullRequest request) {
        ImageReference ref = request.registryUrl() != null && !request.registryUrl().isBlank()
                ? ImageReference.parseRepository(RegistryUrl.parse(request.registryUrl()).hostPort(), request.image())
                : ImageReference.parse(request.image());
        if (request.tag() != null && !request.tag().isBlank()) {
            ref = ref.withTag(ImageReference.validateTag(request.tag().trim()));
        }
        return ref;
    }

    /** A client for the request's registry, with its credentials, retries and timeouts. */
    public static RegistryClient client(PullRequest request, RegistryEndpoint endpoint, Log log) {
        return client(request, endpoint, trust(request), RetryPolicy.of(request.retries()), log);
    }

    /** A client with the request's TLS trust, proxies and credentials, retrying as {@code retry} says. */
    static RegistryClient client(PullRequest request, RegistryEndpoint endpoint, Supplier<SSLContext> trust,
                                 RetryPolicy retry, Log log) {
        if (endpoint.insecure()) {
            log.warn("TLS certificates of " + endpoint.hostPort() + " are NOT verified and plain HTTP is allowed:"
                    + " it is listed in <insecureRegistries>");
        }
        return RegistryClient.create(endpoint, request.credentials(), retry,
                TransferLimits.of(request.timeout(), request.lowSpeedLimit()), trust, request.proxies(), log);
    }

    /** The JDK's CAs, plus {@code caCertificates}; built when the first TLS connection needs it. */
    static Supplier<SSLContext> trust(PullRequest request) {
        List<Path> extra = request.caCertificates();
        return extra.isEmpty() ? TlsTrust.jdkDefault() : TlsTrust.memoize(() -> CaCertificates.sslContext(extra));
    }

    /** The requested platform, or {@code null} for {@code all}. */
    public static Platform platformOrAll(PullRequest request) {
        String value = request.platform() == null ? "linux/amd64" : request.platform().trim();
        return value.equalsIgnoreCase("all") ? null : Platform.parse(value);
    }

    /** Where to send the requests for {@code ref}. */
    public static RegistryEndpoint endpoint(PullRequest request, ImageReference ref) {
        if (request.registryUrl() != null && !request.registryUrl().isBlank()) {
            return RegistryEndpoint.of(RegistryUrl.parse(request.registryUrl()), request.insecureRegistries());
        }
        return RegistryEndpoint.of(ref, request.insecureRegistries());
    }
}
