package io.github.blobdownloader.registry;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.auth.RegistryAuth;
import java.net.http.HttpClient;
import java.time.Duration;

/** The operations on one registry, sharing one transport (connections, tokens, scheme choice). */
public final class RegistryClient {

    private final RegistryTransport transport;

    private RegistryClient(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * @param http    a client with redirects off; see {@link HttpClients}
     * @param timeout how long to wait for response headers
     */
    public static RegistryClient create(RegistryEndpoint endpoint, HttpClient http, CredentialProvider credentials,
                                        RetryPolicy retry, Duration timeout, Log log) {
        RegistryAuth auth = new RegistryAuth(endpoint.registry(), credentials, http, timeout,
                endpoint::mayReceiveCredentials, log);
        return new RegistryClient(new RegistryTransport(endpoint, http, auth, retry, timeout, log));
    }

    public RegistryEndpoint endpoint() {
        return transport.endpoint();
    }

    public ManifestFetcher manifests() {
        return new ManifestFetcher(transport);
    }

    public TagLister tags() {
        return new TagLister(transport);
    }

    public BlobFetcher blobs() {
        return new BlobFetcher(transport);
    }
}
