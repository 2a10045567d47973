package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
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
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Resolves an image, downloads its config and layers, verifies every digest, and writes them in the chosen
 * layout. Nothing is left under a final name unless its digest was verified.
 *
 * @since 1.0.0
 */
@Mojo(
        name = "download",
        defaultPhase = LifecyclePhase.GENERATE_RESOURCES,
        requiresProject = false,
        threadSafe = true,
        configurator = SecretConfigurator.ID)
public class DownloadMojo extends AbstractPullMojo {

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

    @Inject
    public DownloadMojo(SettingsDecrypter settingsDecrypter, MavenProjectHelper projectHelper) {
        super(settingsDecrypter, projectHelper);
    }

    @Override
    protected void run(Log log) {
        boolean several = images != null && !images.isEmpty();
        if (several && blankToNull(image) != null) {
            throw new BlobDownloaderException(
                    "both <image> and <images> are set; put every image in <images>" + " (or drop -Dblob.image)", true);
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
        checkAttachable(directory);
        if (several && isDockerArchive()) {
            throw new BlobDownloaderException(
                    "<attach> with <layout>docker-archive</layout> attaches one archive:"
                            + " use one execution per image, or layout oci to attach several images in one .tar",
                    true);
        }
    }

    private boolean isDockerArchive() {
        return Layouts.DOCKER_ARCHIVE.equals(layout == null ? null : layout.trim());
    }

    /** Attaches the docker-archive file, or a .tar of the execution's output folder. */
    private void attach(PullResult result, Path directory, Log log) {
        Path file;
        if (isDockerArchive()) {
            file = DockerArchiveLayout.archiveFile(
                    directory, result.images().get(0).reference());
        } else {
            file = attachedTar();
            LayoutArchive.pack(directory, file);
        }
        attachTar(file, log);
    }

    private PullRequest perImage(Image each, Log log) {
        PullRequest.Builder builder = common(request(
                each.name,
                resolveOutputDirectory(each.outputDirectory != null ? each.outputDirectory : outputDirectory),
                log));
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
        return withPullSettings(builder.tag(blankToNull(tag)).layout(layout).ociMediaTypes(ociMediaTypes));
    }

    /** Sets the {@link ResultProperties} of one image for later plugins of the build. */
    private void publish(Log log, String imageId, PullResult result) {
        if (project == null || result.images().isEmpty()) {
            return;
        }
        ImageReference ref = result.images().get(0).reference();
        log.info("Set " + ResultProperties.publish(project.getProperties(), imageId, ref) + " from "
                + ref.withDigest(null));
    }

    private Path resolveOutputDirectory(File outputDirectory) {
        return outputDirectoryOr(outputDirectory, "downloaded_blobs");
    }
}
