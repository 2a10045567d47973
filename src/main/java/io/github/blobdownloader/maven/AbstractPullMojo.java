package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.signature.SignaturePolicy;
import io.github.blobdownloader.tls.TlsEngine;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** What the goals that pull blobs share ({@code download}, {@code extract}): lock file, cache, attach. */
abstract class AbstractPullMojo extends AbstractRegistryMojo {

    /**
     * Tag to pull; overrides a tag given in {@code image}. Without a tag or digest, {@code tagStrategy}
     * chooses one.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.tag")
    protected String tag;

    /**
     * File that pins every image to the manifest digest it first resolved to: JSON sorted by key, meant to be
     * committed. The first build writes a pin; later builds pull the pinned digest even when the tag has
     * moved (and say so). Several images and executions may share one file.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.lockFile")
    protected File lockFile;

    /**
     * Re-resolves every image and rewrites its pin in {@code lockFile}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.updateLock", defaultValue = "false")
    protected boolean updateLock;

    /**
     * Shared content-addressable blob cache: every blob (and manifest) is stored once by digest under
     * <code>blobs/sha256/HEX</code>, reused by every build and project of the user, and copied into the output
     * (never hard-linked, so an edit of an output file reaches neither the cache nor another project;
     * {@code extract} links entries only into its own working folder, which it reads and deletes). Safe for
     * several Maven processes at once. With Maven's offline mode ({@code -o}) images pinned by digest are
     * pulled from here alone. Default (when not set): <code>$XDG_CACHE_HOME/blob-downloader</code> when
     * {@code XDG_CACHE_HOME} is set, else {@code ~/.cache/blob-downloader}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.cacheDirectory")
    protected File cacheDirectory;

    /**
     * Which TLS implementation connects: {@code auto} uses BoringSSL (through Conscrypt, its native library
     * unpacked once into <code>native/</code> under {@code cacheDirectory}) where it loads (Linux with glibc and
     * macOS on x86_64 and aarch64, Windows on x86_64), and the JDK's TLS elsewhere, or when the JVM sets
     * {@code javax.net.ssl.keyStore}, {@code jdk.tls.client.protocols} or {@code jdk.tls.client.cipherSuites},
     * which only the JDK's TLS honours; {@code jdk} always uses the JDK's (for a JVM
     * whose security providers must apply, as FIPS set-ups require); {@code native} fails the build when
     * BoringSSL cannot be loaded. Certificates are checked by the JDK's trust managers with either, against the
     * same CAs ({@code caCertificates} included) and host names. {@code -X} names the one used. Where
     * BoringSSL is used (and for a download of more than 64 MiB over plain HTTP too, where it loads), it also
     * computes the SHA-256 of the blobs; with {@code jdk}, nothing but the JDK's providers is used.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.tlsEngine", defaultValue = "auto")
    protected String tlsEngine;

    /**
     * Re-hash blobs already in the output folder or in the cache before reusing them. By default a file
     * with the right name and size is trusted (blob files are named by digest and only ever renamed into
     * place after verification); set this when something else may have modified them.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.verifyExisting", defaultValue = "false")
    protected boolean verifyExisting;

    /**
     * Packs the result into a {@code .tar} and attaches it to the project with {@code classifier}, so
     * {@code mvn install}/{@code deploy} publish it next to the project's other artifacts. {@code download}:
     * with {@code docker-archive} the archive itself is attached; otherwise the output folder is packed into
     * <code>${project.build.directory}/${project.build.finalName}-image.tar</code>, the suffix being the
     * {@code classifier} (for {@code oci}, an {@code oci-archive}). {@code extract}: the extracted file system
     * is packed into that file, with its modes, mtimes, symlinks and hard links, owned by root. Needs a project.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.attach", defaultValue = "false")
    protected boolean attach;

    /**
     * Classifier of the attached {@code .tar} (see {@code attach}). Give each execution that attaches its
     * own classifier.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.classifier", defaultValue = "image")
    protected String classifier;

    /**
     * Comma-separated PEM public key files (as {@code cosign generate-key-pair} writes {@code cosign.pub}:
     * ECDSA P-256 or P-384, RSA, Ed25519). When set, the image's manifest digest (the index's when the tag names
     * one) must carry a valid signature by one of them, or the goal fails before anything is written: a cosign
     * signature (the tag <code>sha256-HEX.sig</code>) or a key-based Sigstore bundle attached as a referrer.
     * Verified signatures go into {@code download-report.json}, and the lock file records the signature's
     * manifest so an offline build verifies it again from the cache. Relative paths are resolved against the
     * project's base directory (without a project, the current directory). An {@code image} entry of
     * {@code images} may set its own.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.publicKeys")
    protected String publicKeys;

    /**
     * With {@code publicKeys}: a cosign signature counts only when its payload names this image's registry and
     * repository ({@code critical.identity.docker-reference}), so a signature copied from another repository
     * is refused. Set {@code false} to accept signatures that name another repository, for images pulled from
     * a copy (a re-tagged image in another registry, with its signatures copied along); the signed digest must
     * still be the one pulled.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.verifySignedRepository", defaultValue = "true")
    protected boolean verifySignedRepository;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    private final MavenProjectHelper projectHelper;

    protected AbstractPullMojo(SettingsDecrypter settingsDecrypter, MavenProjectHelper projectHelper) {
        super(settingsDecrypter);
        this.projectHelper = projectHelper;
    }

    /** Refuses, before any request, an {@code attach} without a project or with an unusable classifier. */
    protected void checkAttachable(Path directory) {
        if (!hasRealProject()) {
            throw new BlobDownloaderException(
                    "<attach> (-Dblob.attach) needs a Maven project to attach the image"
                            + " to; run the goal in a project, or leave attach off and copy " + directory,
                    true);
        }
        if (classifier == null || classifier.isBlank() || !classifier.trim().matches("[A-Za-z0-9_.-]+")) {
            throw new BlobDownloaderException(
                    "<classifier> (-Dblob.classifier) '" + classifier + "' is not a valid"
                            + " classifier: use letters, digits, '.', '_' or '-', e.g. image",
                    true);
        }
    }

    /** {@code ${project.build.directory}/${project.build.finalName}-<classifier>.tar}. */
    protected Path attachedTar() {
        return Path.of(project.getBuild().getDirectory())
                .resolve(project.getBuild().getFinalName() + "-" + classifier.trim() + ".tar");
    }

    protected void attachTar(Path file, Log log) {
        projectHelper.attachArtifact(project, "tar", classifier.trim(), file.toFile());
        log.info("Attached " + file + " as " + project.getGroupId() + ":" + project.getArtifactId() + ":tar:"
                + classifier.trim() + ":" + project.getVersion() + " (classifier " + classifier.trim() + ")");
    }

    /** The lock-file, cache and verification parameters on a request. */
    protected PullRequest.Builder withPullSettings(PullRequest.Builder builder) {
        return withPullSettings(builder, publicKeys);
    }

    /** As above, with {@code keys} (an image's own {@code publicKeys}) as the keys signatures must verify with. */
    protected PullRequest.Builder withPullSettings(PullRequest.Builder builder, String keys) {
        return builder.signatures(new SignaturePolicy(resolvePaths(keys), verifySignedRepository))
                .cacheDirectory(resolveCacheDirectory())
                .verifyExisting(verifyExisting)
                .lockFile(lockFile == null ? null : lockFile.toPath())
                .updateLock(updateLock);
    }

    @Override
    protected TlsEngine tlsEngine() {
        TlsEngine.Choice choice = tlsEngine == null ? TlsEngine.Choice.AUTO : TlsEngine.Choice.parse(tlsEngine);
        return TlsEngine.of(choice, resolveCacheDirectory().resolve("native"));
    }

    protected boolean hasRealProject() {
        return project != null && project.getFile() != null;
    }

    private Path resolveCacheDirectory() {
        if (cacheDirectory != null) {
            return cacheDirectory.toPath().toAbsolutePath().normalize();
        }
        return BlobCache.defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    /** {@code outputDirectory} if given, else {@code folder} in the build directory (or the working directory). */
    protected Path outputDirectoryOr(File outputDirectory, String folder) {
        if (outputDirectory != null) {
            return outputDirectory.toPath().toAbsolutePath().normalize();
        }
        Path base = hasRealProject() ? Path.of(project.getBuild().getDirectory()) : workingDirectory();
        return base.resolve(folder);
    }
}
