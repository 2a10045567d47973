package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.extract.ExtractRequest;
import io.github.blobdownloader.extract.ExtractResult;
import io.github.blobdownloader.extract.ImageExtractor;
import io.github.blobdownloader.extract.RootfsArchive;
import java.io.File;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Applies an image's layers, in order and by the OCI rules (whiteouts, opaque directories, hard links,
 * symlinks, modes, mtimes), into a folder: the image's file system, or the parts {@code includes} and
 * {@code excludes} choose. The image is resolved and fetched exactly as {@code download} does, blobs through
 * the shared cache. Ownership is not applied; device nodes and fifos are skipped. No entry can write outside
 * {@code outputDirectory}: one that tries fails the goal, and the folder is only ever replaced whole.
 *
 * @since 1.0.0
 */
@Mojo(
        name = "extract",
        defaultPhase = LifecyclePhase.GENERATE_RESOURCES,
        requiresProject = false,
        threadSafe = true,
        configurator = SecretConfigurator.ID)
public class ExtractMojo extends AbstractPullMojo {

    /**
     * Where the image's file system goes. The goal owns this folder: it replaces it whole (a staging folder
     * next to it is renamed into place), and refuses a non-empty folder it did not write. Default (when not
     * set): <code>${project.build.directory}/image-rootfs</code>; without a project, <code>./image-rootfs</code>
     * in the folder Maven was started in.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.outputDirectory")
    private File outputDirectory;

    /**
     * Comma list of Ant-style globs on the image's paths to extract, e.g. {@code usr/bin/**,opt/app/*.jar}
     * ({@code *} within a path part, {@code **} across parts); the folders leading to them are kept. Default:
     * everything.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.includes")
    private String includes;

    /**
     * Comma list of Ant-style globs on the image's paths to leave out, e.g. {@code usr/share/doc/**}; applied
     * after {@code includes}. Default: none.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.excludes")
    private String excludes;

    @Inject
    public ExtractMojo(SettingsDecrypter settingsDecrypter, MavenProjectHelper projectHelper) {
        super(settingsDecrypter, projectHelper);
    }

    @Override
    protected void run(Log log) {
        Path directory = outputDirectoryOr(outputDirectory, "image-rootfs");
        if (attach) {
            checkAttachable(directory);
        }
        ExtractResult result = new ImageExtractor(log)
                .extract(new ExtractRequest(
                        withPullSettings(request(directory, log).tag(blankToNull(tag)))
                                .build(),
                        directory,
                        includes,
                        excludes));
        if (project != null) {
            log.info("Set " + ResultProperties.publish(project.getProperties(), null, result.reference()) + " from "
                    + result.reference().withDigest(null));
        }
        if (attach) {
            Path file = attachedTar();
            RootfsArchive.pack(directory, file);
            attachTar(file, log);
        }
    }
}
