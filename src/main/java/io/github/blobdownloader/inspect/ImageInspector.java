package io.github.blobdownloader.inspect;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.ImageLog;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.manifest.Descriptor;
import io.github.blobdownloader.manifest.ImageConfig;
import io.github.blobdownloader.manifest.ImageIndex;
import io.github.blobdownloader.manifest.ImageManifest;
import io.github.blobdownloader.manifest.Manifest;
import io.github.blobdownloader.manifest.MediaTypes;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.pull.ImageQuery;
import io.github.blobdownloader.pull.TagResolution;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.referrers.ReferrerFinder;
import io.github.blobdownloader.referrers.ReferrerTypes;
import io.github.blobdownloader.registry.ManifestFetcher;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.registry.RegistryOptions;
import java.util.ArrayList;
import java.util.List;

/** The {@code inspect} use case: fetches manifests and configs, never layers. */
public final class ImageInspector {

    private final Log log;

    public ImageInspector(Log log) {
        this.log = log;
    }

    /** Resolves the request's reference (tag strategy included, lock file not) and reads what it names. */
    public Inspection inspect(ImageQuery request) {
        ImageReference requested = ImageReference.resolve(request.image(), request.registryUrl(), request.tag());
        Log log = ImageLog.naming(this.log, requested.registry() + "/" + requested.repository(), requested.toString());
        RegistryEndpoint endpoint = request.registry().endpoint(requested, request.registryUrl());
        try (RegistryOptions.Clients clients = request.registry().clients(log)) {
            return inspect(request, requested, log, clients.client(endpoint));
        }
    }

    private Inspection inspect(ImageQuery request, ImageReference requested, Log log, RegistryClient client) {
        TagResolution resolution = TagResolution.resolve(request, requested, client, log, false);
        ImageReference ref = resolution.reference();
        String repo = ref.repository();
        Manifest top = resolution.fetchTop(client);

        List<Inspection.Image> images = new ArrayList<>();
        List<Descriptor> platforms = List.of();
        if (top instanceof ImageIndex index) {
            platforms = index.imageEntries();
            boolean all = "all".equalsIgnoreCase(request.platform().trim());
            List<Descriptor> chosen =
                    all ? platforms : List.of(index.choose(Platform.parse(request.platform()), ref.toString(), log));
            for (Descriptor entry : chosen) {
                Manifest child = client.manifests()
                        .fetch(repo, entry.digest().toString(), entry.digest(), ref + " (" + entry.platform() + ")");
                if (!(child instanceof ImageManifest manifest)) {
                    throw new BlobDownloaderException(
                            "image " + ref + " lists a nested index for " + entry.platform()
                                    + "; nested indexes are not supported",
                            false);
                }
                images.add(new Inspection.Image(
                        entry.platform().toString(),
                        manifest,
                        config(client, repo, manifest),
                        referrers(client, repo, manifest.digest())));
            }
        } else {
            ImageManifest manifest = (ImageManifest) top;
            ImageConfig config = config(client, repo, manifest);
            images.add(new Inspection.Image(config.platform(), manifest, config, null));
        }
        return new Inspection(
                ref.toString(),
                resolution.chosenBy(),
                top.digest(),
                top.mediaType(),
                platforms,
                images,
                top,
                referrers(client, repo, top.digest()));
    }

    /** An artifact's config is not an image config (often the empty {@code {}}): it is not fetched. */
    private static ImageConfig config(RegistryClient client, String repository, ImageManifest manifest) {
        if (!MediaTypes.isImageConfig(manifest.config().mediaType())) {
            return new ImageConfig(null, null, null, null, null);
        }
        return ImageConfig.parse(
                client.blobs().fetchSmall(repository, manifest.config(), ManifestFetcher.MAX_MANIFEST_BYTES));
    }

    /** What refers to {@code digest}; a registry that fails the listing is said so, not fatal to inspect. */
    private Inspection.Referrers referrers(RegistryClient client, String repository, Digest digest) {
        try {
            ReferrerFinder.Found found = ReferrerFinder.find(client, repository, digest, ReferrerTypes.ALL, log);
            return new Inspection.Referrers(found.referrers(), found.source().toString(), null);
        } catch (BlobDownloaderException e) {
            log.debug("Could not list the referrers of " + repository + "@" + digest + ": " + e.getMessage());
            return new Inspection.Referrers(List.of(), null, e.getMessage());
        }
    }
}
