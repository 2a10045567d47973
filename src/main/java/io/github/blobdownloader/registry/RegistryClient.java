package io.github.blobdownloader.registry;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.auth.RegistryAuth;
import io.github.blobdownloader.http.HttpTransport;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RedirectingTransport;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.RetryingTransport;
import io.github.blobdownloader.http.SocketTransport;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.tls.TlsTrust;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** The operations on one registry, sharing one transport (connections, tokens, scheme choice). */
public final class RegistryClient {

    private final RegistryTransport transport;

    private RegistryClient(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * @param trust            the TLS trust for this endpoint ({@link TlsTrust}); not used for an insecure
     *                         endpoint's own host, whose certificates are not checked, but still for the hosts it
     *                         sends us to
     * @param trustingAnything the TLS context for an insecure endpoint's own host
     */
    public static RegistryClient create(
            RegistryEndpoint endpoint,
            CredentialProvider credentials,
            RetryPolicy retry,
            TransferLimits limits,
            Supplier<SSLContext> trust,
            Supplier<SSLContext> trustingAnything,
            ProxySettings proxies,
            Log log) {
        HttpTransport client = new SocketTransport(
                limits, trust, proxies, endpoint.insecure() ? endpoint::isHost : uri -> false, trustingAnything);
        return create(endpoint, client, credentials, retry, limits, proxies, log);
    }

    /** A client over any HTTP transport (tests give a scripted one). */
    public static RegistryClient create(
            RegistryEndpoint endpoint,
            HttpTransport client,
            CredentialProvider credentials,
            RetryPolicy retry,
            TransferLimits limits,
            ProxySettings proxies,
            Log log) {
        RetryingTransport retrying = new RetryingTransport(client, retry, log);
        RegistryAuth auth = new RegistryAuth(
                endpoint.registry(),
                credentials,
                new RedirectingTransport(retrying),
                limits.idleTimeout(),
                endpoint::mayReceiveCredentials,
                log);
        return new RegistryClient(new RegistryTransport(endpoint, client, retrying, auth, proxies, limits, log));
    }

    public RegistryEndpoint endpoint() {
        return transport.endpoint();
    }

    /** Whether requests go over TLS: the scheme the first request settled, or any the endpoint may use before it. */
    public boolean usesTls() {
        return transport.usesTls();
    }

    /**
     * Closes the connections kept for later requests (a TLS connection holds file descriptors the garbage
     * collector would never release); the client stays usable and opens new ones.
     */
    public void closeIdleConnections() {
        transport.closeIdleConnections();
    }

    public ManifestFetcher manifests() {
        return new ManifestFetcher(transport);
    }

    public TagLister tags() {
        return new TagLister(transport);
    }

    public ReferrersLister referrers() {
        return new ReferrersLister(transport);
    }

    public BlobFetcher blobs() {
        return new BlobFetcher(transport);
    }
}
