package io.github.blobdownloader.layout;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.reference.ImageReference;
import java.nio.file.Path;
import java.util.List;

/** Chooses the {@link OutputLayout} by the name the user gave in {@code <layout>}. */
public final class Layouts {

    public static final String BLOBS = "blobs";
    public static final String OCI = "oci";
    public static final String DOCKER_ARCHIVE = "docker-archive";
    public static final String FILES = "files";
    public static final List<String> NAMES = List.of(BLOBS, OCI, DOCKER_ARCHIVE, FILES);
    /**
     * Not a user's choice: {@code blobs} in a folder only the plugin reads and then deletes ({@code extract}'s
     * pull folder), so cache entries may be hard-linked into it instead of copied.
     */
    public static final String PRIVATE_BLOBS = "private-blobs";

    private Layouts() {}

    /**
     * Checks the name and the platform choice before any request is made.
     *
     * @param name         the {@code layout} parameter; {@code null} means {@code blobs}
     * @param allPlatforms whether {@code platform=all} was asked for
     * @return the normalised name
     */
    public static String check(String name, boolean allPlatforms, String image) {
        String layout = name == null || name.isBlank() ? BLOBS : name.trim();
        if (!NAMES.contains(layout) && !layout.equals(PRIVATE_BLOBS)) {
            throw new BlobDownloaderException(
                    "unknown " + Setting.LAYOUT + " '" + layout + "': supported layouts are "
                            + String.join(", ", NAMES),
                    true);
        }
        if (allPlatforms && layout.equals(DOCKER_ARCHIVE)) {
            throw new BlobDownloaderException(
                    "layout docker-archive holds one platform, but " + Setting.PLATFORM
                            + " (" + Setting.PLATFORM + ") is 'all' for image " + image
                            + ": choose one platform such as"
                            + " linux/amd64, or use " + Setting.LAYOUT.is("oci") + " for every platform",
                    true);
        }
        return layout;
    }

    /**
     * Refuses a {@code mediaTypes} filter where every layer must be there: an OCI layout or a docker-archive
     * missing layers would name blobs it does not hold.
     */
    public static void checkMediaTypes(String layout, MediaTypeFilter mediaTypes, String image) {
        if (!mediaTypes.isAll() && (layout.equals(OCI) || layout.equals(DOCKER_ARCHIVE))) {
            throw new BlobDownloaderException(
                    Setting.MEDIA_TYPES + " (" + mediaTypes + ") leaves layers out, but " + Setting.LAYOUT.is(layout)
                            + " must hold every layer of " + image + ": drop " + Setting.MEDIA_TYPES + ", or use "
                            + Setting.LAYOUT.is(FILES) + " or " + Setting.LAYOUT.is(BLOBS),
                    true);
        }
    }

    /**
     * The layout for one pull into {@code directory}.
     *
     * @param reference     the resolved reference (names the docker-archive file, tags the OCI entry)
     * @param ociMediaTypes whether the {@code oci} layout converts Docker-typed manifests to OCI media types
     */
    public static OutputLayout create(
            String name, Path directory, ImageReference reference, boolean ociMediaTypes, Log log) {
        return create(name, directory, reference, ociMediaTypes, MediaTypeFilter.ALL, null, log);
    }

    /**
     * As {@link #create(String, Path, ImageReference, boolean, Log)}, for an artifact's layers.
     *
     * @param mediaTypes the layers {@code blobs} and {@code files} keep
     * @param unpacker   how {@code files} unpacks folders oras packed; {@code null} refuses them
     */
    public static OutputLayout create(
            String name,
            Path directory,
            ImageReference reference,
            boolean ociMediaTypes,
            MediaTypeFilter mediaTypes,
            DirectoryUnpacker unpacker,
            Log log) {
        return switch (check(name, false, reference.toString())) {
            case OCI -> new OciLayout(directory, reference, ociMediaTypes, log);
            case DOCKER_ARCHIVE -> new DockerArchiveLayout(directory, reference, log);
            case FILES -> new FilesLayout(directory, mediaTypes, unpacker, log);
            case PRIVATE_BLOBS -> new BlobsLayout(directory, true);
            default -> new BlobsLayout(directory, false, mediaTypes);
        };
    }
}
