package io.github.blobdownloader.layout;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.reference.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An artifact as named files, as {@code oras pull} writes them: each layer under its
 * {@code org.opencontainers.image.title} in the output folder (subfolders allowed), a folder oras packed
 * ({@code io.deis.oras.content.unpack}) unpacked under its title, a Helm chart as {@code <name>-<version>.tgz}.
 * Layers without a title are left out; so are the config and the manifest, which only
 * {@code download-report.json} names. Titles are checked in {@link #admit}, before any download.
 */
public final class FilesLayout implements OutputLayout {

    /** oras: this layer is a folder, packed as a tar+gzip whose entries start with the title. */
    public static final String UNPACK_ANNOTATION = "io.deis.oras.content.unpack";
    /** oras: the digest of such a folder's uncompressed tar. */
    public static final String TAR_DIGEST_ANNOTATION = "io.deis.oras.content.digest";

    public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    public static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    public static final String HELM_PROVENANCE = "application/vnd.cncf.helm.chart.provenance.v1.prov";

    /** Helm's chart names and SemVer versions, and nothing a file name could misread. */
    private static final Pattern HELM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    /** The output folder; {@link #directory} is a platform's or a referrer's folder in it, or the same. */
    private final Path root;

    private final Path directory;
    private final MediaTypeFilter mediaTypes;
    private final DirectoryUnpacker unpacker;
    private final Log log;
    /** What {@link #admit} decided for each layer of the image. */
    private final Map<Descriptor, Placement> placements = new ConcurrentHashMap<>();
    /** The names the Helm chart's files got in {@link #finish}. */
    private final Map<Descriptor, String> chartFiles = new ConcurrentHashMap<>();

    private volatile String image = "";
    private volatile boolean keepsConfig;

    /** @param unpacker unpacks oras folders; {@code null} refuses them */
    public FilesLayout(Path directory, MediaTypeFilter mediaTypes, DirectoryUnpacker unpacker, Log log) {
        this(directory, directory, mediaTypes, unpacker, log);
    }

    private FilesLayout(Path root, Path directory, MediaTypeFilter mediaTypes, DirectoryUnpacker unpacker, Log log) {
        this.root = root;
        this.directory = directory;
        this.mediaTypes = mediaTypes;
        this.unpacker = unpacker;
        this.log = log;
    }

    private enum Kind {
        FILE,
        FOLDER,
        /** Named after the Helm config: {@code name} is the suffix ({@code .tgz}). */
        CHART,
        SKIPPED
    }

    /** @param name the title, the chart's suffix, or why the layer is left out */
    private record Placement(Kind kind, String name) {}

    @Override
    public void admit(ImageManifest manifest, String image) {
        this.image = image;
        placements.clear();
        // A platform's or a referrer's folder: work files and Helm charts, which no title names, go there too.
        String linked = throughSymlink(FileTitles.WORK_PREFIX, "its files");
        if (linked != null) {
            throw new BlobDownloaderException(
                    "image " + image + " is refused in " + Setting.LAYOUT.is("files") + " because " + linked
                            + "; nothing was downloaded",
                    true);
        }
        boolean helm = HELM_CONFIG.equals(manifest.config().mediaType());
        Map<String, Descriptor> titles = new LinkedHashMap<>();
        for (Descriptor layer : manifest.layers()) {
            if (layer.isForeign()) {
                continue; // never downloaded (the puller says so)
            }
            Placement placement = place(layer, helm);
            if (placement.kind() == Kind.FILE || placement.kind() == Kind.FOLDER) {
                String title = placement.name();
                titles.forEach((other, otherLayer) -> {
                    if (FileTitles.collide(title, other)) {
                        throw refused(
                                layer,
                                title,
                                title.equals(other)
                                        ? "layer " + otherLayer.digest() + " has the same title"
                                        : "it collides with the title '" + UntrustedText.printable(other)
                                                + "' of layer " + otherLayer.digest()
                                                + " (one would be a folder of the other)");
                    }
                });
                titles.put(title, layer);
            }
            placements.put(layer, placement);
        }
        keepsConfig = placements.values().stream().anyMatch(p -> p.kind() == Kind.CHART);
    }

    private Placement place(Descriptor layer, boolean helm) {
        if (!mediaTypes.accepts(layer.mediaType())) {
            return new Placement(
                    Kind.SKIPPED, "the media type is not in " + Setting.MEDIA_TYPES + " (" + mediaTypes + ")");
        }
        String title = layer.title();
        if (title == null) {
            if (helm && HELM_CHART.equals(layer.mediaType())) {
                return new Placement(Kind.CHART, ".tgz");
            }
            if (helm && HELM_PROVENANCE.equals(layer.mediaType())) {
                return new Placement(Kind.CHART, ".tgz.prov");
            }
            return new Placement(
                    Kind.SKIPPED,
                    "without an " + MediaTypes.TITLE_ANNOTATION + " annotation there is no file name; "
                            + Setting.LAYOUT.is("blobs") + " keeps every layer");
        }
        String problem = FileTitles.problem(title);
        if (problem == null) {
            problem = throughSymlink(title, "the file");
        }
        if (problem != null) {
            throw refused(layer, title, problem);
        }
        if (!"true".equals(layer.annotations().get(UNPACK_ANNOTATION))) {
            return new Placement(Kind.FILE, title);
        }
        if (!layer.mediaType().endsWith("tar+gzip") && !layer.mediaType().endsWith(".tar.gzip")) {
            throw refused(
                    layer,
                    title,
                    "it is marked " + UNPACK_ANNOTATION + " (a packed folder) but is a " + layer.mediaType()
                            + ", not a tar+gzip");
        }
        String tarDigest = layer.annotations().get(TAR_DIGEST_ANNOTATION);
        if (tarDigest != null) {
            try {
                Digest.parse(tarDigest);
            } catch (RuntimeException e) {
                throw refused(layer, title, "its " + TAR_DIGEST_ANNOTATION + " is no digest");
            }
        }
        if (unpacker == null) {
            throw new BlobDownloaderException(
                    "image " + image + ": layer " + layer.digest() + " is a packed folder, and this pull cannot"
                            + " unpack folders; use " + Setting.LAYOUT.is("blobs") + " for the packed layer",
                    false);
        }
        return new Placement(Kind.FOLDER, title);
    }

    /**
     * Why writing {@code title} would go through a symlink already in the output folder (left by the user or
     * an earlier run), and so perhaps out of it; {@code null} when its folders are real ones or missing.
     */
    private String throughSymlink(String title, String what) {
        Path relative = root.relativize(directory.resolve(title));
        Path folder = root;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            folder = folder.resolve(relative.getName(i));
            if (Files.isSymbolicLink(folder)) {
                String target;
                try {
                    target = Files.readSymbolicLink(folder).toString();
                } catch (IOException e) {
                    target = "?";
                }
                return "'" + UntrustedText.printable(root.relativize(folder).toString())
                        + "' in the output folder is a symlink (to " + UntrustedText.printable(target)
                        + "), which " + what + " would be written through (remove the symlink)";
            }
        }
        return null;
    }

    private BlobDownloaderException refused(Descriptor layer, String title, String why) {
        return new BlobDownloaderException(
                "image " + image + ": layer " + layer.digest() + " has the title '" + UntrustedText.printable(title)
                        + "', refused in " + Setting.LAYOUT.is("files") + " because " + why
                        + "; nothing was downloaded. Fix the artifact's titles, or use " + Setting.LAYOUT.is("blobs")
                        + ", which names layers by digest",
                true);
    }

    private Placement placement(Descriptor layer) {
        Placement placement = placements.get(layer);
        if (placement == null) {
            throw new IllegalStateException("layer " + layer.digest() + " was not admitted");
        }
        return placement;
    }

    @Override
    public String leavesOut(Descriptor blob, boolean config) {
        if (config) {
            return keepsConfig ? null : "the files layout writes only the artifact's files";
        }
        Placement placement = placement(blob);
        return placement.kind() == Kind.SKIPPED ? placement.name() : null;
    }

    @Override
    public Path blobPath(Descriptor blob, boolean config) {
        if (config) {
            return work(blob, ".config.json");
        }
        Placement placement = placement(blob);
        return switch (placement.kind()) {
            case FILE -> directory.resolve(placement.name());
            case FOLDER -> work(blob, ".tar.gz");
            case CHART -> work(blob, placement.name());
            case SKIPPED -> throw new IllegalStateException("layer " + blob.digest() + " is left out");
        };
    }

    /** A hidden working file, renamed or unpacked into place by {@link #finish}. */
    private Path work(Descriptor blob, String suffix) {
        return directory.resolve(FileTitles.WORK_PREFIX + blob.digest().algorithm() + "-"
                + blob.digest().hex() + suffix);
    }

    @Override
    public Path reportedPath(Descriptor blob, boolean config) {
        if (config || placement(blob).kind() == Kind.SKIPPED) {
            return null;
        }
        Placement placement = placement(blob);
        return switch (placement.kind()) {
            case FILE, FOLDER -> directory.resolve(placement.name());
            default -> chartFiles.containsKey(blob) ? directory.resolve(chartFiles.get(blob)) : null;
        };
    }

    @Override
    public boolean isPresent(Descriptor blob, boolean config) {
        // A title carries no digest: a file there is re-hashed before it is trusted.
        return ContentCheck.holds(blobPath(blob, config), blob.digest(), blob.size(), true);
    }

    @Override
    public OutputLayout forPlatform(Platform platform) {
        return new FilesLayout(root, directory.resolve(platform.folderName()), mediaTypes, unpacker, log);
    }

    /**
     * A referrer's files go to {@code referrers/<hex>/}, under their titles too; every layer is kept, as
     * referrers are chosen by their artifactType.
     */
    @Override
    public OutputLayout forReferrer(Descriptor referrer) {
        placements.forEach((layer, placement) -> {
            if ((placement.kind() == Kind.FILE || placement.kind() == Kind.FOLDER)
                    && FileTitles.collide(placement.name(), OutputLayout.REFERRERS_FOLDER)) {
                throw new BlobDownloaderException(
                        "image " + image + ": layer " + layer.digest() + " has the title '"
                                + UntrustedText.printable(placement.name()) + "', where " + Setting.REFERRERS
                                + " puts the referrers (" + OutputLayout.REFERRERS_FOLDER + "/); drop "
                                + Setting.REFERRERS + " for this artifact",
                        true);
            }
        });
        return new FilesLayout(
                root, OutputLayout.referrerFolder(directory, referrer), MediaTypeFilter.ALL, unpacker, log);
    }

    @Override
    public void finish(PulledImage pulled) {
        ImageManifest manifest = pulled.manifest();
        try {
            if (keepsConfig) {
                try {
                    nameChart(manifest);
                } finally {
                    // A chart that could not be named leaves no working file either.
                    Files.deleteIfExists(work(manifest.config(), ".config.json"));
                    for (Descriptor layer : manifest.layers()) {
                        Placement placement = placements.get(layer);
                        if (placement != null && placement.kind() == Kind.CHART) {
                            Files.deleteIfExists(work(layer, placement.name()));
                        }
                    }
                }
            }
            for (Descriptor layer : manifest.layers()) {
                Placement placement = placements.get(layer);
                if (placement != null && placement.kind() == Kind.FOLDER) {
                    unpack(layer, placement.name());
                }
            }
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot write the files of " + image + " into " + directory + ": " + e.getMessage() + "; "
                            + FolderParameter.OUTPUT.checkWritable(),
                    false,
                    e);
        }
    }

    /** Renames the chart (and its provenance) from their working names to {@code <name>-<version>.tgz}. */
    private void nameChart(ImageManifest manifest) throws IOException {
        Path config = work(manifest.config(), ".config.json");
        JsonNode json;
        try {
            json = JsonTrees.read(Files.readAllBytes(config));
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "image " + image + " is a Helm chart whose config "
                            + manifest.config().digest() + " is not JSON; the chart is broken: push it again",
                    false,
                    e);
        }
        String name = json.path("name").asText("");
        String version = json.path("version").asText("");
        if (!HELM_NAME.matcher(name).matches() || !HELM_NAME.matcher(version).matches()) {
            throw new BlobDownloaderException(
                    "image " + image + " is a Helm chart whose config names it '" + UntrustedText.printable(name)
                            + "' version '" + UntrustedText.printable(version) + "', which cannot name a file"
                            + " (letters, digits, '.', '_', '+', '-'); use " + Setting.LAYOUT.is("blobs"),
                    false);
        }
        for (Descriptor layer : manifest.layers()) {
            Placement placement = placements.get(layer);
            if (placement == null || placement.kind() != Kind.CHART) {
                continue;
            }
            String file = name + "-" + version + placement.name();
            String problem = FileTitles.problem(file);
            for (Placement other : placements.values()) {
                if ((other.kind() == Kind.FILE || other.kind() == Kind.FOLDER)
                        && FileTitles.collide(file, other.name())) {
                    problem = "a titled layer has that name too";
                }
            }
            if (problem != null) {
                throw new BlobDownloaderException(
                        "image " + image + " is a Helm chart whose file would be " + UntrustedText.printable(file)
                                + ", refused because " + problem + "; use " + Setting.LAYOUT.is("blobs"),
                        true);
            }
            AtomicFiles.move(work(layer, placement.name()), directory.resolve(file));
            chartFiles.put(layer, file);
            log.info("Wrote the Helm chart of " + image + " as " + file);
        }
    }

    /**
     * Unpacks a packed folder into a hidden staging folder and renames that over {@code title}: the folder
     * under its title is always whole, old or new.
     */
    private void unpack(Descriptor layer, String title) throws IOException {
        Path archive = work(layer, ".tar.gz");
        Path staging = AtomicFiles.tempFileFor(work(layer, ".unpack"), "");
        Path old = AtomicFiles.tempFileFor(work(layer, ".old"), "");
        Path target = directory.resolve(title);
        String tarDigest = layer.annotations().get(TAR_DIGEST_ANNOTATION);
        try {
            Files.createDirectory(staging);
            unpacker.unpack(
                    archive,
                    layer.mediaType(),
                    title,
                    tarDigest == null ? null : Digest.parse(tarDigest),
                    staging,
                    "layer " + layer.digest() + " (folder '" + UntrustedText.printable(title) + "') of " + image);
            AtomicFiles.ensureDirectory(target.getParent());
            boolean replacing = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (replacing) {
                Files.move(target, old);
            }
            try {
                Files.move(staging, target);
            } catch (IOException e) {
                if (replacing) {
                    Files.move(old, target);
                }
                throw e;
            }
        } finally {
            FileTrees.delete(staging);
            FileTrees.delete(old);
            Files.deleteIfExists(archive);
        }
    }
}
