package io.github.blobdownloader.layout;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.MediaTypes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@code docker-archive} can hold, decided from the manifest before any blob is downloaded: an
 * archive {@code docker load} would reject is refused, one that only newer engines load is warned about.
 */
final class DockerArchiveAdmission {

    private static final String OTHER_LAYOUT =
            "use " + Setting.LAYOUT.is("oci") + " or " + Setting.LAYOUT.is("blobs") + " for ";

    private DockerArchiveAdmission() {}

    static void check(ImageManifest manifest, String image, Log log) {
        List<String> foreign = manifest.layers().stream()
                .filter(Descriptor::isForeign)
                .map(d -> d.digest().toString())
                .toList();
        if (!foreign.isEmpty()) {
            throw new BlobDownloaderException(
                    "image " + image + " has foreign layer(s) " + String.join(", ", foreign)
                            + " that its registry does not distribute, and docker load needs every layer in the archive; "
                            + OTHER_LAYOUT + "this image",
                    true);
        }
        // An artifact (Helm chart, SBOM, ORAS file) has no rootfs in its config: docker load ("no RootFS
        // key"), podman and skopeo ("rootFS is not set") would all fail on the archive, after the download.
        Set<String> otherLayers = new LinkedHashSet<>();
        manifest.layers().stream()
                .map(Descriptor::mediaType)
                .filter(t -> !MediaTypes.isImageLayer(t))
                .forEach(otherLayers::add);
        String config = manifest.config().mediaType();
        if (manifest.isArtifact() || !otherLayers.isEmpty()) {
            throw new BlobDownloaderException(
                    "image " + image + " is an OCI artifact (artifactType " + manifest.effectiveArtifactType()
                            + "), not a container image (config " + config
                            + (otherLayers.isEmpty() ? "" : ", layer " + String.join(", ", otherLayers))
                            + "), and docker load, podman and skopeo cannot read it from a docker-archive; use "
                            + Setting.LAYOUT.is("files") + " for its files, or " + Setting.LAYOUT.is("oci")
                            + " to keep it whole",
                    true);
        }
        if (manifest.layers().stream().anyMatch(d -> MediaTypes.isZstd(d.mediaType()))) {
            log.warn("image " + image + " has zstd-compressed layers: docker load reads them only from Docker 23"
                    + " on (older engines fail with 'archive/tar: invalid tar header'), podman and skopeo read them;"
                    + " for an older Docker pull a gzip variant of the image");
        }
    }
}
