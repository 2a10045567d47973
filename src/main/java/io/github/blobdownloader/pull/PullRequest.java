package io.github.blobdownloader.pull;

import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.referrers.ReferrerTypes;
import io.github.blobdownloader.registry.Mirror;
import io.github.blobdownloader.registry.RegistryOptions;
import io.github.blobdownloader.signature.SignaturePolicy;
import io.github.blobdownloader.tls.TlsEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything one download needs, as the user gave it; the core parses and validates it.
 *
 * @param image              reference, or just the repository when {@code registryUrl} is set
 * @param registryUrl        full registry URL in the seed's style, or {@code null}
 * @param tag                tag overriding one in {@code image}, or {@code null}
 * @param platform           {@code os/arch[/variant]} or {@code all}
 * @param outputDirectory    where the layout is written
 * @param layout             layout name ({@code blobs})
 * @param registry           how to reach registries: credentials, retries, timeouts, TLS, proxies, mirrors
 * @param parallelism        blobs downloaded at once
 * @param offline            Maven's offline mode: no network at all (a local cache may still serve)
 * @param tagStrategy        {@code latest}, {@code semver} or {@code newest}: picks a tag when none is given
 * @param includePrereleases whether {@code semver} considers pre-release versions
 * @param lockFile           the lock file pinning digests, or {@code null}
 * @param updateLock         re-resolve and rewrite the pin instead of using it
 * @param cacheDirectory     the shared blob cache, or {@code null} to download straight into the output
 * @param verifyExisting     re-hash blobs already in the output or the cache instead of trusting their size
 * @param ociMediaTypes      whether the {@code oci} layout converts Docker-typed manifests to OCI media types
 * @param referrers          which referrers of the image to pull with it, or {@code null} for none
 * @param signatures         the keys images must be signed with, if any
 * @param mediaTypes         comma list of the layer media types (globs allowed) the {@code blobs} and
 *                           {@code files} layouts keep, or {@code null} for all
 * @param artifactType       the artifactType (glob allowed) the artifact must have, and by which an index
 *                           entry is chosen instead of by platform; {@code null} for any
 */
public record PullRequest(
        String image,
        String registryUrl,
        String tag,
        String platform,
        Path outputDirectory,
        String layout,
        RegistryOptions registry,
        int parallelism,
        boolean offline,
        String tagStrategy,
        boolean includePrereleases,
        Path lockFile,
        boolean updateLock,
        Path cacheDirectory,
        boolean verifyExisting,
        boolean ociMediaTypes,
        ReferrerTypes referrers,
        SignaturePolicy signatures,
        String mediaTypes,
        String artifactType) {

    public PullRequest {
        signatures = signatures == null ? SignaturePolicy.NONE : signatures;
    }

    /** What names the image and how to resolve it: the part of this request that writes nothing. */
    public ImageQuery query() {
        return new ImageQuery(
                image,
                registryUrl,
                tag,
                platform,
                tagStrategy,
                includePrereleases,
                parallelism,
                lockFile,
                updateLock,
                offline,
                registry);
    }

    /** The same request writing into another folder (one image of several sharing a folder). */
    public PullRequest withOutputDirectory(Path directory) {
        return with(directory, layout);
    }

    /** The same request in another layout ({@code extract} pulls into a private {@code blobs} folder). */
    public PullRequest withLayout(String name) {
        return with(outputDirectory, name);
    }

    private PullRequest with(Path directory, String layoutName) {
        return new PullRequest(
                image,
                registryUrl,
                tag,
                platform,
                directory,
                layoutName,
                registry,
                parallelism,
                offline,
                tagStrategy,
                includePrereleases,
                lockFile,
                updateLock,
                cacheDirectory,
                verifyExisting,
                ociMediaTypes,
                referrers,
                signatures,
                mediaTypes,
                artifactType);
    }

    /** A builder preset with the contract's defaults. */
    public static Builder builder(String image, Path outputDirectory) {
        return new Builder(image, outputDirectory);
    }

    /** Collects the optional parts; unset values keep the contract's defaults. */
    public static final class Builder {
        private final String image;
        private final Path outputDirectory;
        private String registryUrl;
        private String tag;
        private String platform = "linux/amd64";
        private String layout = "blobs";
        private CredentialProvider credentials = CredentialProvider.anonymous();
        private int parallelism = 4;
        private int retries = 5;
        private Duration timeout = Duration.ofSeconds(60);
        private long lowSpeedLimit = RegistryOptions.DEFAULT_LOW_SPEED_LIMIT;
        private Set<String> insecureRegistries = Set.of();
        private List<Path> caCertificates = List.of();
        private ProxySettings proxies = ProxySettings.jvmDefaults();
        private List<Mirror> mirrors = List.of();
        private TlsEngine tls = TlsEngine.jdk();
        private boolean offline;
        private String tagStrategy = "latest";
        private boolean includePrereleases;
        private Path lockFile;
        private boolean updateLock;
        private Path cacheDirectory;
        private boolean verifyExisting;
        private boolean ociMediaTypes = true;
        private ReferrerTypes referrers;
        private SignaturePolicy signatures = SignaturePolicy.NONE;
        private String mediaTypes;
        private String artifactType;

        private Builder(String image, Path outputDirectory) {
            this.image = image;
            this.outputDirectory = outputDirectory;
        }

        public Builder registryUrl(String value) {
            registryUrl = value;
            return this;
        }

        public Builder tag(String value) {
            tag = value;
            return this;
        }

        public Builder platform(String value) {
            platform = value;
            return this;
        }

        public Builder layout(String value) {
            layout = value;
            return this;
        }

        /** Every registry option at once. */
        public Builder registry(RegistryOptions value) {
            credentials = value.credentials();
            retries = value.retries();
            timeout = value.timeout();
            lowSpeedLimit = value.lowSpeedLimit();
            insecureRegistries = value.insecureRegistries();
            caCertificates = value.caCertificates();
            proxies = value.proxies();
            mirrors = value.mirrors();
            tls = value.tls();
            return this;
        }

        public Builder credentials(CredentialProvider value) {
            credentials = value;
            return this;
        }

        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public Builder retries(int value) {
            retries = value;
            return this;
        }

        public Builder lowSpeedLimit(long value) {
            lowSpeedLimit = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder insecureRegistries(Set<String> value) {
            insecureRegistries = value;
            return this;
        }

        public Builder caCertificates(List<Path> value) {
            caCertificates = value;
            return this;
        }

        public Builder proxies(ProxySettings value) {
            proxies = value;
            return this;
        }

        public Builder tls(TlsEngine value) {
            tls = value;
            return this;
        }

        public Builder mirrors(List<Mirror> value) {
            mirrors = value;
            return this;
        }

        public Builder offline(boolean value) {
            offline = value;
            return this;
        }

        public Builder tagStrategy(String value) {
            tagStrategy = value;
            return this;
        }

        public Builder includePrereleases(boolean value) {
            includePrereleases = value;
            return this;
        }

        public Builder lockFile(Path value) {
            lockFile = value;
            return this;
        }

        public Builder updateLock(boolean value) {
            updateLock = value;
            return this;
        }

        public Builder cacheDirectory(Path value) {
            cacheDirectory = value;
            return this;
        }

        public Builder verifyExisting(boolean value) {
            verifyExisting = value;
            return this;
        }

        public Builder ociMediaTypes(boolean value) {
            ociMediaTypes = value;
            return this;
        }

        /** Also pull the image's referrers of these types; {@code null} (the default) for none. */
        public Builder referrers(ReferrerTypes value) {
            referrers = value;
            return this;
        }

        public Builder signatures(SignaturePolicy value) {
            signatures = value;
            return this;
        }

        public Builder mediaTypes(String value) {
            mediaTypes = value;
            return this;
        }

        public Builder artifactType(String value) {
            artifactType = value;
            return this;
        }

        public PullRequest build() {
            RegistryOptions registry = new RegistryOptions(
                    credentials,
                    retries,
                    timeout,
                    lowSpeedLimit,
                    insecureRegistries,
                    caCertificates,
                    proxies,
                    mirrors,
                    tls);
            return new PullRequest(
                    image,
                    registryUrl,
                    tag,
                    platform,
                    outputDirectory,
                    layout,
                    registry,
                    parallelism,
                    offline,
                    tagStrategy,
                    includePrereleases,
                    lockFile,
                    updateLock,
                    cacheDirectory,
                    verifyExisting,
                    ociMediaTypes,
                    referrers,
                    signatures,
                    mediaTypes,
                    artifactType);
        }
    }
}
