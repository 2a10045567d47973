package io.github.blobdownloader.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@code docker load} tarball, {@code <repository's last part>-<tag>.tar} in the output folder: the
 * config as {@code <hex>.json}, each layer as the registry served it under {@code <hex>.tar.gz}
 * ({@code .tar}, {@code .tar.zst} by media type), {@code manifest.json} and the legacy {@code repositories}.
 * Blobs are downloaded into a hidden staging folder beside it, then streamed into a temp archive that is
 * renamed into place; the staging folder is removed afterwards.
 */
public final class DockerArchiveLayout implements OutputLayout {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ARCHIVE_BUFFER = 1 << 16;

    private final Path archive;
    private final Path staging;
    private final ImageReference reference;
    private final Log log;

    DockerArchiveLayout(Path directory, ImageReference reference, Log log) {
        this.archive = archiveFile(directory, reference);
        this.staging = directory.resolve("." + archive.getFileName() + ".blobs");
        this.reference = reference;
        this.log = log;
    }

    /** Where the archive of {@code reference} goes: {@code <last part of the repository>-<tag>.tar}. */
    public static Path archiveFile(Path directory, ImageReference reference) {
        String repository = reference.repository();
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        String version = reference.tag() != null
                ? reference.tag()
                : reference.digest().hex().substring(0, 12);
        return directory.resolve(name + "-" + version + ".tar");
    }

    /** Referrers are not images Docker loads: they go next to the archive, as in the blobs layout. */
    @Override
    public OutputLayout forReferrer(Descriptor referrer) {
        return new BlobsLayout(OutputLayout.referrerFolder(archive.getParent(), referrer));
    }

    @Override
    public Path blobPath(Descriptor blob, boolean config) {
        return staging.resolve(entryName(blob, config));
    }

    @Override
    public Path reportedPath(Descriptor blob, boolean config) {
        return archive.resolve(entryName(blob, config));
    }

    private static String entryName(Descriptor blob, boolean config) {
        return blob.digest().hex() + (config ? ".json" : MediaTypes.layerFileExtension(blob.mediaType()));
    }

    /** The staging files are read only by {@link #complete} and deleted after; the archive is a copy. */
    @Override
    public boolean mayLinkFromCache() {
        return true;
    }

    @Override
    public boolean isPresent(Descriptor blob, boolean config) {
        // Only verified content is ever renamed into the staging folder, so the size is check enough.
        return ContentCheck.holds(blobPath(blob, config), blob.digest(), blob.size(), false);
    }

    @Override
    public void admit(ImageManifest manifest, String image) {
        DockerArchiveAdmission.check(manifest, image, log);
    }

    /**
     * One pull of this archive at a time, across threads and processes: each pull stages the blobs in the
     * same folder and removes it when its archive is written, so a second pull must not stage meanwhile. The
     * next one finds the blobs in the cache, stages them again by hard link and rewrites the same archive.
     */
    @Override
    public Claim claim() {
        Path lockFile = archive.resolveSibling("." + archive.getFileName() + ".lock");
        try {
            AtomicFiles.ensureDirectory(archive.getParent());
            log.debug("Waiting for any other build writing " + archive);
            DownloadLock lock = DownloadLock.acquire(lockFile);
            return () -> {
                try {
                    lock.close();
                } catch (IOException e) {
                    log.warn("could not release " + lockFile + ": " + e.getMessage());
                }
            };
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot lock " + lockFile + " for " + reference + ": " + e.getMessage() + "; "
                            + FolderParameter.OUTPUT.checkWritable(),
                    false,
                    e);
        }
    }

    @Override
    public void finish(PulledImage image) {
        // The archive is written once, in complete().
    }

    @Override
    public void complete(Manifest top, List<PulledImage> images) {
        if (images.size() != 1) {
            throw new IllegalStateException("a docker-archive holds exactly one image, got " + images.size());
        }
        ImageManifest manifest = images.get(0).manifest();
        Set<String> layerFiles = new LinkedHashSet<>();
        manifest.layers().forEach(layer -> layerFiles.add(entryName(layer, false)));
        String configFile = entryName(manifest.config(), true);
        AtomicFiles.write(archive, temp -> {
            try (TarWriter tar =
                    new TarWriter(new BufferedOutputStream(Files.newOutputStream(temp), ARCHIVE_BUFFER), 0)) {
                tar.putFile(configFile, staging.resolve(configFile));
                for (String layer : layerFiles) {
                    tar.putFile(layer, staging.resolve(layer));
                }
                tar.putBytes("manifest.json", manifestJson(manifest, configFile));
                tar.putBytes("repositories", repositoriesJson(staging.resolve(configFile), manifest));
                tar.finish();
            }
        });
        deleteStaging();
        log.info("docker-archive " + archive + " written for " + reference
                + (repoTag() != null ? ", tagged " + repoTag() : ""));
    }

    private byte[] manifestJson(ImageManifest manifest, String configFile) throws IOException {
        ArrayNode root = JSON.createArrayNode();
        ObjectNode image = root.addObject();
        image.put("Config", configFile);
        ArrayNode tags = image.putArray("RepoTags");
        if (repoTag() != null) {
            tags.add(repoTag());
        }
        ArrayNode layers = image.putArray("Layers");
        manifest.layers().forEach(layer -> layers.add(entryName(layer, false)));
        return JSON.writeValueAsBytes(root);
    }

    /** Docker's legacy file: repository → tag → id of the top layer (its chain id). */
    private byte[] repositoriesJson(Path config, ImageManifest manifest) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (reference.tag() != null) {
            root.putObject(familiarName()).put(reference.tag(), topLayerId(config, manifest));
        }
        return JSON.writeValueAsBytes(root);
    }

    /** The chain id of the top layer, from the config's {@code diff_ids} (the layer digests if absent). */
    private static String topLayerId(Path config, ImageManifest manifest) throws IOException {
        List<String> diffIds = new ArrayList<>();
        JsonNode ids = JSON.readTree(config.toFile()).path("rootfs").path("diff_ids");
        ids.forEach(id -> diffIds.add(id.asText()));
        if (diffIds.isEmpty()) {
            manifest.layers().forEach(layer -> diffIds.add(layer.digest().toString()));
        }
        String chain = null;
        for (String diffId : diffIds) {
            chain = chain == null
                    ? diffId
                    : Digest.sha256Of((chain + " " + diffId).getBytes(StandardCharsets.UTF_8))
                            .toString();
        }
        return chain == null
                ? Digest.sha256Of(new byte[0]).hex()
                : Digest.parse(chain).hex();
    }

    /** The name as {@code docker images} shows it: Docker Hub's {@code docker.io/library/} left out. */
    private String familiarName() {
        if (!reference.registry().equals(ImageReference.DOCKER_HUB)) {
            return reference.registry() + "/" + reference.repository();
        }
        String repository = reference.repository();
        return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
    }

    private String repoTag() {
        return reference.tag() == null ? null : familiarName() + ":" + reference.tag();
    }

    private void deleteStaging() {
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("could not remove the staging folder " + staging + ": " + e.getMessage());
        }
    }
}
