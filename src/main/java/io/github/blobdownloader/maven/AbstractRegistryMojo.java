package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.auth.Credential;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.auth.DockerConfigCredentials;
import io.github.blobdownloader.pull.ImageQuery;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.registry.RegistryOptions;
import io.github.blobdownloader.tls.TlsEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What every goal shares: the image, the registry, credentials and transport settings, and turning core
 * failures into Maven's two kinds (the user's mistake, or trouble outside).
 */
abstract class AbstractRegistryMojo extends AbstractMojo {

    /**
     * Image reference {@code [registry[:port]/]repository[:tag][@digest]}. Docker Hub defaults apply:
     * {@code alpine} means {@code docker.io/library/alpine}. With {@code registryUrl}, just the repository.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.image")
    protected String image;

    /**
     * Full registry URL in the style of the original script, e.g. {@code https://example.com:5000/v2} (the
     * {@code /v2} is optional). When set, {@code image} names only the repository.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.registryUrl")
    protected String registryUrl;

    /**
     * How to choose a tag when neither a tag nor a digest is given: {@code latest} (the tag {@code latest}),
     * {@code semver} (the highest release version: {@code 1.10.0 > 1.9.0}, an optional leading {@code v},
     * two- or three-part versions; other tags ignored) or {@code newest} (the tag whose image config has the
     * most recent {@code created} time).
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.tagStrategy", defaultValue = "latest")
    protected String tagStrategy;

    /**
     * Whether {@code tagStrategy=semver} also considers pre-release versions such as {@code 2.0.0-rc.1}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.includePrereleases", defaultValue = "false")
    protected boolean includePrereleases;

    /**
     * Platform to pull from a multi-platform image: {@code os/arch[/variant][:os.version]} such as
     * {@code linux/arm64/v8} or {@code windows/amd64:10.0.20348.2461}, or {@code all}. Without an os.version,
     * the first entry that matches is taken (a warning names the others when several differ only in
     * os.version); with {@code all}, such entries get a folder each ({@code windows-amd64-10.0.20348.2461}).
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.platform", defaultValue = "linux/amd64")
    protected String platform;

    /**
     * Registry user name. Takes precedence over settings.xml and Docker's config. There are never default
     * credentials.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.username")
    protected String username;

    /**
     * Registry password or access token, used with {@code username}: a plain string, such as
     * <code>${env.REGISTRY_TOKEN}</code> in the POM or {@code -Dblob.password=...}. Held as a masked value
     * (the Java type <code>Secret</code>), so it is never printed, not even with {@code -X}. Prefer a
     * settings.xml {@code server} entry with an encrypted password.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.password")
    protected Secret password;

    /**
     * Id of the settings.xml {@code server} entry whose credentials to use. Default (when not set): the
     * registry's {@code host:port}, then {@code host}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.serverId")
    protected String serverId;

    /**
     * How many requests run at once: blobs downloaded by {@code download}, manifests and configs read by
     * {@code tagStrategy=newest}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.parallelism", defaultValue = "4")
    protected int parallelism;

    /**
     * Attempts per request when a request fails transiently: connection errors, stalled transfers, 408, 429,
     * 500, 502, 503, 504. Waits between attempts grow exponentially with jitter; a {@code Retry-After} is
     * honoured up to 60 s. A blob transfer that breaks off is resumed where it stopped; attempts that
     * received bytes do not count against the limit.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.retries", defaultValue = "5")
    protected int retries;

    /**
     * Timeout in seconds for connecting, for the response headers, and for silence while reading a body: a
     * transfer that receives no byte for this long is aborted and retried (resumed for blobs).
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.timeout", defaultValue = "60")
    protected int timeout;

    /**
     * The slowest transfer that still counts as one, in bytes per second, averaged over each
     * {@code timeout}: a body that delivers less is abandoned and resumed, like one that went silent. With
     * {@code retries}, this bounds how long a server that trickles can hold a build. {@code 0} turns the rule
     * off (only silence then ends a transfer).
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.lowSpeedLimit", defaultValue = "1024")
    protected long lowSpeedLimit;

    /**
     * Comma-separated {@code host[:port]} list of registries for which TLS is not verified and plain HTTP is
     * allowed. Loopback registries may always use plain HTTP.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.insecureRegistries")
    protected String insecureRegistries;

    /**
     * Comma-separated PEM files of CA certificates to trust in addition to the JDK's (several certificates
     * per file allowed), for registries, mirrors and token servers signed by a private CA. Relative paths
     * are resolved against the project's base directory (without a project, the current directory). Host
     * names are still verified. With CAs given, a loopback registry is asked over HTTPS first.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.caCertificates")
    protected String caCertificates;

    /**
     * Registry mirrors and pull-through caches, tried in order before the registry they mirror, for manifests
     * and blobs; a failing mirror falls through to the next and finally to the registry itself. POM only:
     * a list of {@code mirror} entries, each with a {@code registry}, the mirrored registry as image references
     * name it (e.g. {@code docker.io}), and a {@code url}, the mirror (e.g. {@code https://mirror.example}).
     * Credentials for a mirror are looked up by its {@code host:port} (the id of a settings.xml {@code server}
     * entry); {@code username}/{@code password} are never sent to a mirror.
     *
     * @since 1.0.0
     */
    @Parameter
    protected List<Mirror> mirrors;

    /**
     * Skips the goal.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    private final SettingsDecrypter settingsDecrypter;

    protected AbstractRegistryMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping: blob.skip is true" + (blankToNull(image) == null ? "" : " (for " + image + ")"));
            return;
        }
        try {
            boolean progress = MavenLog.showsTransferProgress(session);
            getLog().debug((progress ? "Transfer progress: shown" : "Transfer progress: off, as Maven's (-ntp or -q)")
                    + " (transfer listener " + MavenLog.transferListenerName(session) + ")");
            run(new MavenLog(getLog(), progress));
        } catch (BlobDownloaderException e) {
            getLog().debug("Failure details", e);
            String line = MavenSyntax.render(e.getMessage());
            if (e.isUserError()) {
                throw new MojoFailureException(line, FailureDetails.of(line, e));
            }
            throw new MojoExecutionException(line, FailureDetails.of(line, e));
        } catch (RuntimeException e) {
            // A bug of ours: still one line, and the whole trace with -e.
            String line = "unexpected " + e.getClass().getSimpleName() + " in the plugin"
                    + (e.getMessage() == null ? "" : ": " + UntrustedText.printable(e.getMessage()))
                    + "; run with -e for the trace and report it";
            throw new MojoExecutionException(line, FailureDetails.of(line, e));
        }
    }

    /** The goal's work; a {@link BlobDownloaderException} becomes the build failure. */
    protected abstract void run(Log log) throws MojoExecutionException, MojoFailureException;

    /** A request for {@code image} with the shared parameters filled in. */
    protected PullRequest.Builder request(Path outputDirectory, Log log) {
        return request(image, outputDirectory, log);
    }

    /** A request for {@code imageName} with the shared parameters filled in. */
    protected PullRequest.Builder request(String imageName, Path outputDirectory, Log log) {
        requireImage(imageName);
        return PullRequest.builder(imageName, outputDirectory)
                .registryUrl(blankToNull(registryUrl))
                .platform(platform)
                .registry(registryOptions(log))
                .offline(session != null && session.isOffline())
                .tagStrategy(tagStrategy)
                .includePrereleases(includePrereleases)
                .parallelism(parallelism);
    }

    /** What {@code image} (with {@code tag}, or {@code null}) names and how to resolve it: goals that write no image. */
    protected ImageQuery query(String tag, Log log) {
        requireImage(image);
        return new ImageQuery(
                image,
                blankToNull(registryUrl),
                tag,
                platform,
                tagStrategy,
                includePrereleases,
                parallelism,
                null,
                false,
                session != null && session.isOffline(),
                registryOptions(log));
    }

    static void requireImage(String imageName) {
        if (imageName == null || imageName.isBlank()) {
            throw new BlobDownloaderException(
                    "no image given: set <image> in the plugin configuration or" + " -Dblob.image on the command line",
                    true);
        }
    }

    /** How to reach registries, from the shared parameters and settings.xml: built here alone. */
    protected RegistryOptions registryOptions(Log log) {
        if (retries < 1) {
            throw new BlobDownloaderException("<retries> (-Dblob.retries) must be at least 1, was " + retries, true);
        }
        if (timeout < 1) {
            throw new BlobDownloaderException(
                    "<timeout> (-Dblob.timeout) must be at least 1 second, was " + timeout, true);
        }
        if (lowSpeedLimit < 0) {
            throw new BlobDownloaderException(
                    "<lowSpeedLimit> (-Dblob.lowSpeedLimit) must be 0 (off) or more" + " bytes per second, was "
                            + lowSpeedLimit,
                    true);
        }
        if (parallelism < 1) {
            throw new BlobDownloaderException(
                    "<parallelism> (-Dblob.parallelism) must be at least 1, was " + parallelism, true);
        }
        return new RegistryOptions(
                credentials(),
                retries,
                Duration.ofSeconds(timeout),
                lowSpeedLimit,
                insecureSet(),
                caCertificateFiles(),
                SettingsProxies.from(session == null ? null : session.getSettings(), settingsDecrypter, log),
                mirrorList(),
                tlsEngine());
    }

    /** The JDK's TLS: a goal without a folder of its own for BoringSSL's library has nowhere to unpack it. */
    protected TlsEngine tlsEngine() {
        return TlsEngine.jdk();
    }

    private List<Path> caCertificateFiles() {
        return resolvePaths(caCertificates);
    }

    /** A comma list of files, relative ones resolved against the project's folder (else the current one). */
    protected List<Path> resolvePaths(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return List.of();
        }
        Path base = session != null
                        && session.getCurrentProject() != null
                        && session.getCurrentProject().getFile() != null
                ? session.getCurrentProject().getBasedir().toPath()
                : workingDirectory();
        return Arrays.stream(commaList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> base.resolve(s).toAbsolutePath().normalize())
                .toList();
    }

    private List<io.github.blobdownloader.registry.Mirror> mirrorList() {
        if (mirrors == null) {
            return List.of();
        }
        return mirrors.stream()
                .map(m -> {
                    if (m == null
                            || m.getRegistry() == null
                            || m.getRegistry().isBlank()
                            || m.getUrl() == null
                            || m.getUrl().isBlank()) {
                        throw new BlobDownloaderException(
                                "every <mirror> in <mirrors> needs a <registry> (e.g. docker.io)"
                                        + " and a <url> (e.g. https://mirror.example.com)",
                                true);
                    }
                    return new io.github.blobdownloader.registry.Mirror(
                            m.getRegistry().trim(), m.getUrl().trim());
                })
                .toList();
    }

    /** Hosts of the configured mirrors: explicit credentials belong to the image's registry, not to them. */
    private Set<String> mirrorHosts() {
        return mirrorList().stream()
                .map(m -> {
                    try {
                        return RegistryUrl.parse(m.url()).hostPort().toLowerCase(Locale.ROOT);
                    } catch (BlobDownloaderException e) {
                        return m.url();
                    }
                })
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Credential sources in the documented order: parameters, settings.xml, Docker's config, then anonymous. */
    private CredentialProvider credentials() {
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new BlobDownloaderException(
                    hasUser
                            ? "<username> is set but <password> is not: set both (-Dblob.username and -Dblob.password)"
                            : "<password> is set but <username> is not: set both (-Dblob.username and -Dblob.password)",
                    true);
        }
        Optional<Credential> explicit = hasUser
                ? Optional.of(new Credential(username, password.reveal(), "<username>/<password> parameters"))
                : Optional.empty();
        Set<String> mirrorHosts = mirrorHosts();
        return CredentialProvider.firstOf(List.of(
                registry -> mirrorHosts.contains(registry.toLowerCase(Locale.ROOT)) ? Optional.empty() : explicit,
                new SettingsCredentials(session == null ? null : session.getSettings(), settingsDecrypter, serverId),
                DockerConfigCredentials.fromEnvironment()));
    }

    private Set<String> insecureSet() {
        if (insecureRegistries == null || insecureRegistries.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(insecureRegistries.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The folder commands without a project write into: where Maven was started. */
    protected Path workingDirectory() {
        if (session != null && session.getExecutionRootDirectory() != null) {
            return Path.of(session.getExecutionRootDirectory());
        }
        return Path.of("").toAbsolutePath();
    }

    protected static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
