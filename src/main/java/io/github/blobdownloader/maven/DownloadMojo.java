package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.pull.ImageSet;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.reference.ImageReference;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Resolves an image, downloads its config and layers, verifies every digest, and writes them in the chosen
 * layout. Nothing is left under a final name unless its digest was verified.
 *
 * @since 1.0.0
 */
@Mojo(name = "download", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, requiresProject = false,
        threadSafe = true)
public class DownloadMojo extends AbstractRegistryMojo {

    /**
     * Where the blobs go. Default: {@code ${project.build.directory}/downloaded_blobs}; without a project,
     * {@code ./downloaded_blobs}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.outputDirectory")
    private File outputDirectory;

    /**
     * Output layout. {@code blobs}: every layer as {@code <hex>.tar.gz} ({@code .tar.zst} or {@code .tar} by
     * media type) plus {@code manifest.json} and {@code config.json}, as the original script wrote them.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.layout", defaultValue = "blobs")
    private String layout;

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
     * Several images in one execution (POM only). Each {@code <image>} has a {@code <name>} and optionally
     * {@code <id>}, {@code <tag>}, {@code <tagStrategy>}, {@code <platform>} and {@code <outputDirectory>},
     * which override the execution's values. Images that share an output folder each get the subfolder
     * {@code <id>}; the id defaults to the last part of the repository name. After the download the
     * properties {@code blob.<id>.digest} and {@code blob.<id>.tag} are set.
     *
     * @since 1.0.0
     */
    @Parameter
    private List<Image> images;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Inject
    public DownloadMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected void run(Log log) {
        boolean several = images != null && !images.isEmpty();
        if (several && blankToNull(image) != null) {
            throw new BlobDownloaderException("both <image> and <images> are set; put every image in <images>"
                    + " (or drop -Dblob.image)", true);
        }
        List<ImageSet.Job> jobs = new ArrayList<>();
        if (several) {
            for (Image each : images) {
                jobs.add(new ImageSet.Job(each.id, perImage(each)));
            }
        } else {
            jobs.add(new ImageSet.Job(null, common(request(resolveOutputDirectory(outputDirectory))).build()));
        }
        for (ImageSet.Outcome outcome : ImageSet.pullAll(jobs, log)) {
            publish(log, several ? "blob." + outcome.id() + "." : "blob.", outcome.result());
        }
    }

    private PullRequest perImage(Image each) {
        PullRequest.Builder builder = common(request(each.name,
                resolveOutputDirectory(each.outputDirectory != null ? each.outputDirectory : outputDirectory)));
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
        return builder.layout(layout)
                .lockFile(lockFile == null ? null : lockFile.toPath())
                .updateLock(updateLock);
    }

    /** Sets {@code <prefix>digest} and {@code <prefix>tag} for later plugins of the build. */
    private void publish(Log log, String prefix, PullResult result) {
        if (project == null || result.images().isEmpty()) {
            return;
        }
        ImageReference ref = result.images().get(0).reference();
        Properties properties = project.getProperties();
        properties.setProperty(prefix + "digest", ref.digest().toString());
        if (ref.tag() != null) {
            properties.setProperty(prefix + "tag", ref.tag());
        }
        log.info("Set " + prefix + "digest=" + ref.digest() + (ref.tag() != null ? ", " + prefix + "tag=" + ref.tag()
                : ""));
    }

    private Path resolveOutputDirectory(File outputDirectory) {
        if (outputDirectory != null) {
            return outputDirectory.toPath().toAbsolutePath().normalize();
        }
        boolean realProject = project != null && project.getFile() != null;
        Path base = realProject ? Path.of(project.getBuild().getDirectory()) : workingDirectory();
        return base.resolve("downloaded_blobs");
    }
}
