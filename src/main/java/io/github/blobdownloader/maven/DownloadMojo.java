package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.extract.DirectoryArchive;
import io.github.blobdownloader.layout.DirectoryUnpacker;
import io.github.blobdownloader.layout.DockerArchiveLayout;
import io.github.blobdownloader.layout.LayoutArchive;
import io.github.blobdownloader.layout.Layouts;
import io.github.blobdownloader.pull.ImageSet;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.pull.PullResult;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.referrers.ReferrerTypes;
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
     * platform only. {@code files}: an OCI artifact's files, as {@code oras pull} writes them: each layer under its
     * {@code org.opencontainers.image.title} (subfolders allowed), folders packed by oras unpacked, a Helm chart
     * as <code>NAME-VERSION.tgz</code>; layers without a title are skipped, and no manifest or config is written.
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
     * Also pull what refers to the image: the manifests whose {@code subject} names its manifest (OCI 1.1
     * referrers: SBOMs, attestations, signatures), found through the registry's referrers API or, where it has
     * none, the {@code sha256-HEX} tag schema. With {@code layout=oci} they are stored among the layout's blobs
     * and listed in {@code index.json} (where {@code oras} and {@code regctl} find them); the other layouts put
     * each in {@code referrers/HEX/} next to the image. With a {@code lockFile} their digests are pinned, so a
     * later build (an offline one too) gets the same referrers.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.referrers", defaultValue = "false")
    private boolean referrers;

    /**
     * With {@code referrers}: a comma list of artifactTypes to keep, e.g.
     * {@code application/spdx+json,application/vnd.cyclonedx+json}; empty keeps every referrer.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.referrerTypes")
    private String referrerTypes;

    /**
     * Comma list of the layer media types to download, e.g. {@code application/vnd.example.config+json}; a
     * {@code *} stands for any characters ({@code application/vnd.example.*}). Layers of other types are
     * skipped, and not downloaded. Only with {@code layout} {@code blobs} or {@code files}: {@code oci} and
     * {@code docker-archive} need every layer. Default: every layer.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.mediaTypes")
    private String mediaTypes;

    /**
     * The artifactType the pulled artifact must have (its manifest's {@code artifactType}, else its config's
     * media type), e.g. {@code application/vnd.cncf.helm.config.v1+json}; a {@code *} stands for any
     * characters. The pull fails, before any download, on an artifact of another type. When the reference
     * names an index, the entry with this artifactType is pulled instead of the entry for {@code platform}.
     * Default: any type.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.artifactType")
    private String artifactType;

    /**
     * Several images in one execution (POM only): a list of {@code image} entries, each with a {@code name} and
     * optionally {@code id}, {@code tag}, {@code tagStrategy}, {@code platform}, {@code mediaTypes},
     * {@code artifactType}, {@code outputDirectory} and {@code publicKeys},
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
        if (!referrers && blankToNull(referrerTypes) != null) {
            log.warn(Setting.REFERRER_TYPES + " is set, but " + Setting.REFERRERS.is("false")
                    + ": no referrers are pulled; set " + Setting.REFERRERS.is("true") + " to pull them");
        }
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
        // A lambda, not a method reference: linking one would load DirectoryArchive and, to verify it, the tar
        // classes of commons-compress, in every download; most never unpack a folder.
        DirectoryUnpacker unpacker = (archive, mediaType, folder, tarDigest, staging, what) ->
                DirectoryArchive.unpack(archive, mediaType, folder, tarDigest, staging, what);
        List<ImageSet.Outcome> outcomes = ImageSet.pullAll(jobs, unpacker, log);
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
        if (blankToNull(each.publicKeys) != null) {
            withPullSettings(builder, each.publicKeys);
        }
        if (blankToNull(each.tag) != null) {
            builder.tag(each.tag.trim());
        }
        if (blankToNull(each.tagStrategy) != null) {
            builder.tagStrategy(each.tagStrategy.trim());
        }
        if (blankToNull(each.platform) != null) {
            builder.platform(each.platform.trim());
        }
        if (blankToNull(each.mediaTypes) != null) {
            builder.mediaTypes(each.mediaTypes.trim());
        }
        if (blankToNull(each.artifactType) != null) {
            builder.artifactType(each.artifactType.trim());
        }
        return builder.build();
    }

    private PullRequest.Builder common(PullRequest.Builder builder) {
        // The execution's tag first: perImage lets an <image>'s own <tag> override it.
        return withPullSettings(builder.tag(blankToNull(tag))
                .layout(layout)
                .ociMediaTypes(ociMediaTypes)
                .referrers(referrers ? ReferrerTypes.parse(referrerTypes) : null)
                .mediaTypes(blankToNull(mediaTypes))
                .artifactType(blankToNull(artifactType)));
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
