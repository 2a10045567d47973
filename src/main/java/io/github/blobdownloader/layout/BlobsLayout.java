package io.github.blobdownloader.layout;

import io.github.blobdownloader.Setting;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.manifest.Platform;
import java.nio.file.Path;

/**
 * The seed's layout: every layer as {@code <hex>.tar.gz} ({@code .tar.zst}, {@code .tar} by media type)
 * directly in the output folder, plus {@code manifest.json} and {@code config.json}. With every platform,
 * one such folder per platform ({@code linux-amd64}, {@code linux-arm64-v8}, …).
 */
public final class BlobsLayout implements OutputLayout {

    private final Path directory;
    private final boolean mayLink;
    private final MediaTypeFilter mediaTypes;

    public BlobsLayout(Path directory) {
        this(directory, false);
    }

    /** @param mayLink whether the folder is private to the plugin (see {@link #mayLinkFromCache}) */
    public BlobsLayout(Path directory, boolean mayLink) {
        this(directory, mayLink, MediaTypeFilter.ALL);
    }

    /** @param mediaTypes the layers to keep ({@code mediaTypes}); the config is always kept */
    public BlobsLayout(Path directory, boolean mayLink, MediaTypeFilter mediaTypes) {
        this.directory = directory;
        this.mayLink = mayLink;
        this.mediaTypes = mediaTypes;
    }

    @Override
    public String leavesOut(Descriptor blob, boolean config) {
        return config || mediaTypes.accepts(blob.mediaType())
                ? null
                : "the media type is not in " + Setting.MEDIA_TYPES + " (" + mediaTypes + ")";
    }

    @Override
    public boolean mayLinkFromCache() {
        return mayLink;
    }

    @Override
    public Path blobPath(Descriptor blob, boolean config) {
        return config
                ? directory.resolve("config.json")
                : directory.resolve(blob.digest().hex() + MediaTypes.layerFileExtension(blob.mediaType()));
    }

    @Override
    public boolean isPresent(Descriptor blob, boolean config) {
        // config.json is not named by its digest, so its content must be checked; it is small.
        return ContentCheck.holds(blobPath(blob, config), blob.digest(), blob.size(), config);
    }

    @Override
    public OutputLayout forPlatform(Platform platform) {
        return new BlobsLayout(directory.resolve(platform.folderName()), mayLink, mediaTypes);
    }

    @Override
    public OutputLayout forReferrer(Descriptor referrer) {
        return new BlobsLayout(OutputLayout.referrerFolder(directory, referrer), mayLink);
    }

    @Override
    public void finish(PulledImage image) {
        AtomicFiles.writeBytes(
                directory.resolve("manifest.json"), image.manifest().raw());
    }
}
