package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.auth.Credential;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.pull.PullRequest;
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
     * Tag to pull; overrides a tag given in {@code image}. Without a tag or digest, {@code latest} is used.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.tag")
    protected String tag;

    /**
     * Platform to pull from a multi-platform image: {@code os/arch[/variant]} such as {@code linux/arm64/v8},
     * or {@code all}.
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
     * Registry password or access token, used with {@code username}. Never printed, not even with
     * {@code -X}. Prefer a settings.xml {@code <server>} with an encrypted password.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.password")
    protected Secret password;

    /**
     * Id of the settings.xml {@code <server>} whose credentials to use. Default: the registry's
     * {@code host:port}, then {@code host}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.serverId")
    protected String serverId;

    /**
     * Attempts per request when a request fails transiently (connection errors, 408, 429, 5xx).
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.retries", defaultValue = "5")
    protected int retries;

    /**
     * Connect and read timeout, in seconds.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.timeout", defaultValue = "60")
    protected int timeout;

    /**
     * Comma-separated {@code host[:port]} list of registries for which TLS is not verified and plain HTTP is
     * allowed. Loopback registries may always use plain HTTP.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.insecureRegistries")
    protected String insecureRegistries;

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
            getLog().info("Skipping: blob.skip is true");
            return;
        }
        try {
            run(new MavenLog(getLog()));
        } catch (BlobDownloaderException e) {
            // No cause on the Maven exception: Maven would append the cause's message to the line, and the
            // core's message already says everything. The chain stays available with -X.
            getLog().debug("Failure details", e);
            if (e.isUserError()) {
                throw new MojoFailureException(e.getMessage());
            }
            throw new MojoExecutionException(e.getMessage());
        }
    }

    /** The goal's work; a {@link BlobDownloaderException} becomes the build failure. */
    protected abstract void run(Log log) throws MojoExecutionException, MojoFailureException;

    /** A request with the shared parameters filled in. */
    protected PullRequest.Builder request(Path outputDirectory) {
        if (image == null || image.isBlank()) {
            throw new BlobDownloaderException("no image given: set <image> in the plugin configuration or"
                    + " -Dblob.image on the command line", true);
        }
        if (retries < 1) {
            throw new BlobDownloaderException("<retries> (-Dblob.retries) must be at least 1, was " + retries, true);
        }
        if (timeout < 1) {
            throw new BlobDownloaderException("<timeout> (-Dblob.timeout) must be at least 1 second, was "
                    + timeout, true);
        }
        return PullRequest.builder(image, outputDirectory)
                .registryUrl(blankToNull(registryUrl))
                .tag(blankToNull(tag))
                .platform(platform)
                .credentials(credentials())
                .retries(retries)
                .timeout(Duration.ofSeconds(timeout))
                .insecureRegistries(insecureSet());
    }

    /** Credential sources in the documented order: parameters, settings.xml, then anonymous. */
    private CredentialProvider credentials() {
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new BlobDownloaderException(hasUser
                    ? "<username> is set but <password> is not: set both (-Dblob.username and -Dblob.password)"
                    : "<password> is set but <username> is not: set both (-Dblob.username and -Dblob.password)",
                    true);
        }
        Optional<Credential> explicit = hasUser
                ? Optional.of(new Credential(username, password.reveal(), "<username>/<password> parameters"))
                : Optional.empty();
        return CredentialProvider.firstOf(List.of(
                registry -> explicit,
                new SettingsCredentials(session == null ? null : session.getSettings(), settingsDecrypter,
                        serverId)));
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
