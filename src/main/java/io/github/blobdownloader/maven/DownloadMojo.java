package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.cache.BlobCache;
import io.github.blobdownloader.pull.ImagePuller;
import java.io.File;
import java.nio.file.Path;
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
     * How many blobs are downloaded at once.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.parallelism", defaultValue = "4")
    private int parallelism;

    /**
     * Shared content-addressable blob cache: every blob (and manifest) is stored once by digest under
     * {@code blobs/sha256/<hex>}, reused by every build and project of the user, and placed into the output by
     * hard link (by copy where links are not possible). Safe for several Maven processes at once. With Maven's
     * offline mode ({@code -o}) images pinned by digest are pulled from here alone. Default:
     * {@code $XDG_CACHE_HOME/blob-downloader} when {@code XDG_CACHE_HOME} is set, else
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

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Inject
    public DownloadMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected void run(Log log) {
        new ImagePuller(log).pull(request(resolveOutputDirectory())
                .layout(layout)
                .parallelism(parallelism)
                .cacheDirectory(resolveCacheDirectory())
                .verifyExisting(verifyExisting)
                .offline(session != null && session.isOffline())
                .build());
    }

    private Path resolveCacheDirectory() {
        if (cacheDirectory != null) {
            return cacheDirectory.toPath().toAbsolutePath().normalize();
        }
        return BlobCache.defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    private Path resolveOutputDirectory() {
        if (outputDirectory != null) {
            return outputDirectory.toPath().toAbsolutePath().normalize();
        }
        boolean realProject = project != null && project.getFile() != null;
        Path base = realProject ? Path.of(project.getBuild().getDirectory()) : workingDirectory();
        return base.resolve("downloaded_blobs");
    }
}
