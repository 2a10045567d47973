package io.github.blobdownloader.registry;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.http.TransferLimits;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.tls.TlsEngine;
import io.github.blobdownloader.tls.TlsTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How to reach registries, apart from what to fetch: who we are, how patient to be, whom to trust, which proxies
 * and mirrors to use. Every goal builds one; the use cases take it as it is.
 *
 * @param credentials        where credentials come from, per registry
 * @param retries            attempts per request
 * @param timeout            connect and idle-read timeout
 * @param lowSpeedLimit      bytes per second a transfer must average over each {@code timeout}; 0 turns it off
 * @param insecureRegistries {@code host[:port]} (lower case) whose TLS is not verified and that may use plain HTTP
 * @param caCertificates     PEM files trusted in addition to the JDK's CAs
 * @param proxies            settings.xml proxies, or the JVM's proxy properties
 * @param mirrors            mirrors, tried in order before the registry they mirror
 * @param tls                which TLS implementation connects
 */
public record RegistryOptions(
        CredentialProvider credentials,
        int retries,
        Duration timeout,
        long lowSpeedLimit,
        Set<String> insecureRegistries,
        List<Path> caCertificates,
        ProxySettings proxies,
        List<Mirror> mirrors,
        TlsEngine tls) {

    /** Slower than this over a whole timeout, a transfer is a trickle, not a download. */
    public static final long DEFAULT_LOW_SPEED_LIMIT = 1024;

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        caCertificates = List.copyOf(caCertificates);
        mirrors = List.copyOf(mirrors);
    }

    /** The contract's defaults: anonymous, 5 attempts, 60 s, the JDK's CAs, TLS and the JVM's proxies. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(
                CredentialProvider.anonymous(),
                5,
                Duration.ofSeconds(60),
                DEFAULT_LOW_SPEED_LIMIT,
                Set.of(),
                List.of(),
                ProxySettings.jvmDefaults(),
                List.of(),
                TlsEngine.jdk());
    }

    /** Where to send the requests for {@code ref}: the {@code registryUrl} when one is given, else its registry. */
    public RegistryEndpoint endpoint(ImageReference ref, String registryUrl) {
        if (registryUrl != null && !registryUrl.isBlank()) {
            return RegistryEndpoint.of(RegistryUrl.parse(registryUrl), insecureRegistries);
        }
        RegistryEndpoint endpoint = RegistryEndpoint.of(ref, insecureRegistries);
        return caCertificates.isEmpty() ? endpoint : endpoint.tlsFirst();
    }

    public TransferLimits limits() {
        return TransferLimits.of(timeout, lowSpeedLimit);
    }

    /** Clients for one use case: they share the TLS trust, built once when the first TLS connection needs it. */
    public Clients clients(Log log) {
        Supplier<SSLContext> trust = TlsTrust.memoize(() -> {
            log.debug("TLS: " + tls.describe());
            return caCertificates.isEmpty() ? tls.jdkCas() : CaCertificates.sslContext(caCertificates, tls);
        });
        return new Clients(trust, log);
    }

    /** Makes the clients of one use case, and closes their idle connections when it ends. */
    public final class Clients implements AutoCloseable {
        private final Supplier<SSLContext> trust;
        private final Log log;
        private final List<RegistryClient> made = new CopyOnWriteArrayList<>();

        private Clients(Supplier<SSLContext> trust, Log log) {
            this.trust = trust;
            this.log = log;
        }

        /** The TLS context their connections verify servers with, made on the first call. */
        public Supplier<SSLContext> trust() {
            return trust;
        }

        /** A client retrying {@link #retries()} times. */
        public RegistryClient client(RegistryEndpoint endpoint) {
            return client(endpoint, RetryPolicy.of(retries));
        }

        /** A client retrying as {@code retry} says. */
        public RegistryClient client(RegistryEndpoint endpoint, RetryPolicy retry) {
            if (endpoint.insecure()) {
                log.warn("TLS certificates of " + endpoint.hostPort() + " are NOT verified and plain HTTP is"
                        + " allowed: it is listed in " + Setting.INSECURE_REGISTRIES);
            }
            RegistryClient client = RegistryClient.create(
                    endpoint, credentials, retry, limits(), trust, TlsTrust.anything(tls), proxies, log);
            made.add(client);
            return client;
        }

        @Override
        public void close() {
            made.forEach(RegistryClient::closeIdleConnections);
        }
    }
}
