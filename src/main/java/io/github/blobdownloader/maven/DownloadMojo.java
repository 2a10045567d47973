package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.layout.DockerArchiveLayout;
import io.github.blobdownloader.layout.LayoutArchive;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.pull.ImageSet;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.reference.ImageReference;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Resolves an image, downloads its config and layers, verifies every digest, and writes them in the chosen
 * layout. Nothing is left under a final name unless its digest was verified.
 *
 * @since 1.0.0
 */
@Mojo(name = "download", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, requiresProject = false,
        threadSafe = true, configurator = SecretConfigurator.ID)
public class DownloadMojo extends AbstractRegistryMojo {

    /**
     * Tag to pull; overrides a tag given in {@code image}. Without a tag or digest, {@code tagStrategy}
     * chooses one.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.tag")
    private String tag;

    /**
     * Where the blobs go. Default (when not set): <code>${project.build.directory}/downloaded_blobs</code>;
     * without a project, <code>./downloaded_blobs</code> in the folder Maven was started in.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.outputDirectory")
    private File outputDirectory;

    /**
     * Output layout. {@code blobs}: every layer as <code>HEX.tar.gz</code>, HEX being its sha256
     * ({@code .tar.zst} or {@code .tar} by media type), plus {@code manifest.json} and {@code config.json}, as the original script wrote them (with
     * {@code platform=all}, one subfolder per platform). {@code oci}: an OCI image layout ({@code oci-layout},
     * {@code index.json}, {@code blobs/sha256/...}) that several images and runs add to, the tag recorded as
     * {@code org.opencontainers.image.ref.name}. {@code docker-archive}: a {@code docker load} tarball
     * named after the repository's last part and the tag ({@code app-1.4.2.tar} for {@code team/app:1.4.2}), one
     * platform only.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.layout", defaultValue = "blobs")
    private String layout;

    /**
     * With {@code layout=oci}: store Docker-format images (Docker manifests and manifest lists) with OCI media
     * types, as {@code skopeo copy … oci:} does, so umoci and skopeo 1.9 read them by tag. Only media types
     * change (and an index names its converted manifests); configs and layers keep their bytes, so the image
     * id stays the same, but each converted manifest has a new digest. The lock file and
     * {@code blob.result.digest} still name the registry's digest (what a later build pulls); the
     * {@code index.json} entry names it in the annotation {@code io.github.blobdownloader.registry.digest}.
     * {@code false} keeps the registry's manifest bytes and digests, for readers that check them against the
     * registry. OCI images are never changed.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.ociMediaTypes", defaultValue = "true")
    private boolean ociMediaTypes;

    /**
     * File that pins every image to the manifest digest it first resolved to: JSON sorted by key, meant to be
     * committed. The first build writes a pin; later builds pull the pinned digest even when the tag has
     * moved (and say so). Several images and executions may share one file.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.lockFile")
    private File lockFile;

    /**
     * Re-resolves every image and rewrites its pin in {@code lockFile}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.updateLock", defaultValue = "false")
    private boolean updateLock;

    /**
     * Several images in one execution (POM only): a list of {@code image} entries, each with a {@code name} and
     * optionally {@code id}, {@code tag}, {@code tagStrategy}, {@code platform} and {@code outputDirectory},
     * which override the execution's values. Images that share an output folder each get a subfolder named
     * by the id; the id defaults to the last part of the repository name. After the download the
     * properties <code>blob.result.ID.digest</code> and <code>blob.result.ID.tag</code> are set (ID: the
     * image's id).
     *
     * @since 1.0.0
     */
    @Parameter
    private List<Image> images;

    /**
     * Shared content-addressable blob cache: every blob (and manifest) is stored once by digest under
     * <code>blobs/sha256/HEX</code>, reused by every build and project of the user, and copied into the output
     * (never hard-linked, so an edit of an output file reaches neither the cache nor another project). Safe
     * for several Maven processes at once. With Maven's
     * offline mode ({@code -o}) images pinned by digest are pulled from here alone. Default (when not set):
     * <code>$XDG_CACHE_HOME/blob-downloader</code> when {@code XDG_CACHE_HOME} is set, else
     * {@code ~/.cache/blob-downloader}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.cacheDirectory")
    private File cacheDirectory;

    /**
     * Re-hash blobs already in the output folder or in the cache before reusing them. By default a file
     * with the right name and size is trusted (blob files are named by digest and only ever renamed into
     * place after verification); set this when something else may have modified them.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.verifyExisting", defaultValue = "false")
    private boolean verifyExisting;

    /**
     * Packs the result into a {@code .tar} and attaches it to the project with {@code classifier}, so
     * {@code mvn install}/{@code deploy} publish it next to the project's other artifacts. With
     * {@code docker-archive} the archive itself is attached; otherwise the output folder is packed into
     * <code>${project.build.directory}/${project.build.finalName}-image.tar</code>, the suffix being the
     * {@code classifier} (for {@code oci}, an {@code oci-archive}). Needs a project.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.attach", defaultValue = "false")
    private boolean attach;

    /**
     * Classifier of the attached {@code .tar} (see {@code attach}). Give each execution that attaches its
     * own classifier.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.classifier", defaultValue = "image")
    private String classifier;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    private final MavenProjectHelper projectHelper;

    @Inject
    public DownloadMojo(SettingsDecrypter settingsDecrypter, MavenProjectHelper projectHelper) {
        super(settingsDecrypter);
        this.projectHelper = projectHelper;
    }

    @Override
    protected void run(Log log) {
        boolean several = images != null && !images.isEmpty();
        if (several && blankToNull(image) != null) {
            throw new BlobDownloaderException("both <image> and <images> are set; put every image in <images>"
                    + " (or drop -Dblob.image)", true);
        }
        Path directory = resolveOutputDirectory(outputDirectory);
        if (attach) {
            checkAttachable(several, directory);
        }
        List<ImageSet.Job> jobs = new ArrayList<>();
        if (several) {
            for (Image each : images) {
                jobs.add(new ImageSet.Job(each.id, perImage(each, log)));
            }
        } else {
            jobs.add(new ImageSet.Job(null, common(request(directory, log)).build()));
        }
        List<ImageSet.Outcome> outcomes = ImageSet.pullAll(jobs, log);
        for (ImageSet.Outcome outcome : outcomes) {
            publish(log, several ? outcome.id() : null, outcome.result());
        }
        if (attach) {
            attach(outcomes.get(0).result(), directory, log);
        }
    }

    private void checkAttachable(boolean several, Path directory) {
        if (!hasRealProject()) {
            throw new BlobDownloaderException("<attach> (-Dblob.attach) needs a Maven project to attach the image"
                    + " to; run the goal in a project, or leave attach off and copy " + directory, true);
        }
        if (classifier == null || classifier.isBlank() || !classifier.trim().matches("[A-Za-z0-9_.-]+")) {
            throw new BlobDownloaderException("<classifier> (-Dblob.classifier) '" + classifier + "' is not a valid"
                    + " classifier: use letters, digits, '.', '_' or '-', e.g. image", true);
        }
        if (several && isDockerArchive()) {
            throw new BlobDownloaderException("<attach> with <layout>docker-archive</layout> attaches one archive:"
                    + " use one execution per image, or layout oci to attach several images in one .tar", true);
        }
    }

    private boolean isDockerArchive() {
        return Layouts.DOCKER_ARCHIVE.equals(layout == null ? null : layout.trim());
    }

    /** Attaches the docker-archive file, or a .tar of the execution's output folder. */
    private void attach(PullResult result, Path directory, Log log) {
        Path file;
        if (isDockerArchive()) {
            file = DockerArchiveLayout.archiveFile(directory, result.images().get(0).reference());
        } else {
            file = Path.of(project.getBuild().getDirectory())
                    .resolve(project.getBuild().getFinalName() + "-" + classifier.trim() + ".tar");
            LayoutArchive.pack(directory, file);
        }
        projectHelper.attachArtifact(project, "tar", classifier.trim(), file.toFile());
        log.info("Attached " + file + " as " + project.getGroupId() + ":" + project.getArtifactId() + ":tar:"
                + classifier.trim() + ":" + project.getVersion() + " (classifier " + classifier.trim() + ")");
    }

    private boolean hasRealProject() {
        return project != null && project.getFile() != null;
    }

    private Path resolveCacheDirectory() {
        if (cacheDirectory != null) {
            return cacheDirectory.toPath().toAbsolutePath().normalize();
        }
        return BlobCache.defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    private PullRequest perImage(Image each, Log log) {
        PullRequest.Builder builder = common(request(each.name,
                resolveOutputDirectory(each.outputDirectory != null ? each.outputDirectory : outputDirectory), log));
        if (blankToNull(each.tag) != null) {
            builder.tag(each.tag.trim());
        }
        if (blankToNull(each.tagStrategy) != null) {
            builder.tagStrategy(each.tagStrategy.trim());
        }
        if (blankToNull(each.platform) != null) {
            builder.platform(each.platform.trim());
        }
        return builder.build();
    }

    private PullRequest.Builder common(PullRequest.Builder builder) {
        // The execution's tag first: perImage lets an <image>'s own <tag> override it.
        return builder.tag(blankToNull(tag))
                .layout(layout)
                .ociMediaTypes(ociMediaTypes)
                .cacheDirectory(resolveCacheDirectory())
                .verifyExisting(verifyExisting)
                .lockFile(lockFile == null ? null : lockFile.toPath())
                .updateLock(updateLock);
    }

    /** Sets the {@link ResultProperties} of one image for later plugins of the build. */
    private void publish(Log log, String imageId, PullResult result) {
        if (project == null || result.images().isEmpty()) {
            return;
        }
        ImageReference ref = result.images().get(0).reference();
        log.info("Set " + ResultProperties.publish(project.getProperties(), imageId, ref));
    }

    private Path resolveOutputDirectory(File outputDirectory) {
        if (outputDirectory != null) {
            return outputDirectory.toPath().toAbsolutePath().normalize();
        }
        Path base = hasRealProject() ? Path.of(project.getBuild().getDirectory()) : workingDirectory();
        return base.resolve("downloaded_blobs");
    }
}
