package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.InvalidReferenceException;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.registry.Mirror;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.RegistryEndpoint;
import io.github.blobdownloader.registry.RegistryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of one image and its configured mirrors, in the order they are tried: every mirror, then the
 * origin. The manifest comes from the first source that serves it; blobs come from that same source, and a
 * blob a mirror fails to deliver (unreachable, error, wrong bytes) is fetched from the origin instead.
 * Mirrors get at most two attempts per request so a dead mirror costs seconds, not the full retry budget.
 */
final class MirroredRegistry {

    /** Attempts per request against a mirror: one retry for a blip, then on to the next source. */
    private static final int MIRROR_ATTEMPTS = 2;

    /**
     * One place to fetch from.
     *
     * @param client the client for it
     * @param label  what the log calls it: {@code mirror https://…} or {@code registry docker.io}
     * @param mirror whether it is a mirror (else the origin)
     */
    record Source(RegistryClient client, String label, boolean mirror) {}

    /** A value and the source that served it. */
    record Served<T>(T value, Source source) {}

    private final List<Source> sources;
    private final Log log;

    private MirroredRegistry(List<Source> sources, Log log) {
        this.sources = List.copyOf(sources);
        this.log = log;
    }

    /** The mirrors configured for {@code ref}'s registry (in order), then the origin. */
    static MirroredRegistry create(
            PullRequest request,
            RegistryOptions.Clients clients,
            ImageReference ref,
            RegistryEndpoint origin,
            RetryPolicy timing,
            Log log) {
        RegistryOptions options = request.registry();
        List<Source> sources = new ArrayList<>();
        for (Mirror mirror : options.mirrors()) {
            if (mirror.mirrors(ref.registry())) {
                RegistryEndpoint endpoint = RegistryEndpoint.of(parse(mirror), options.insecureRegistries());
                sources.add(new Source(
                        clients.client(endpoint, timing.withAttempts(Math.min(options.retries(), MIRROR_ATTEMPTS))),
                        "mirror " + mirror.url().trim(),
                        true));
            }
        }
        sources.add(new Source(
                clients.client(origin, timing.withAttempts(options.retries())),
                "registry " + origin.registry(),
                false));
        return new MirroredRegistry(sources, log);
    }

    Source origin() {
        return sources.get(sources.size() - 1);
    }

    /** The source whose client {@code client} is. */
    Source source(RegistryClient client) {
        return sources.stream().filter(s -> s.client() == client).findFirst().orElseThrow();
    }

    boolean hasMirrors() {
        return sources.size() > 1;
    }

    /**
     * Tries {@code fetch} on each source in turn. A mirror's failure is logged and the next source tried;
     * the origin's failure is what the caller gets.
     */
    <T> Served<T> first(String what, Function<RegistryClient, T> fetch) {
        for (Source source : sources) {
            if (!source.mirror()) {
                return new Served<>(fetch.apply(source.client()), source);
            }
            try {
                return new Served<>(fetch.apply(source.client()), source);
            } catch (BlobDownloaderException e) {
                giveUpOn(source, what, e, nextAfter(source));
            }
        }
        throw new IllegalStateException("the origin is always the last source");
    }

    /** Runs {@code fetch} on {@code preferred}; when that is a mirror and fails, on the origin. */
    <T> T withFallback(Source preferred, String what, Function<RegistryClient, T> fetch) {
        if (!preferred.mirror()) {
            return fetch.apply(preferred.client());
        }
        try {
            return fetch.apply(preferred.client());
        } catch (BlobDownloaderException e) {
            giveUpOn(preferred, what, e, origin());
            return fetch.apply(origin().client());
        }
    }

    private void giveUpOn(Source source, String what, BlobDownloaderException e, Source next) {
        if (Thread.currentThread().isInterrupted()) {
            throw e;
        }
        log.warn("The " + source.label() + " failed for " + what + " (" + e.getMessage() + "); trying the "
                + next.label());
    }

    private Source nextAfter(Source source) {
        return sources.get(sources.indexOf(source) + 1);
    }

    private static RegistryUrl parse(Mirror mirror) {
        String url = mirror.url() == null ? "" : mirror.url().trim();
        try {
            return RegistryUrl.parse(url);
        } catch (InvalidReferenceException e) {
            // A URL with user info holds a secret: never echo it.
            String shown = url.contains("@")
                    ? "(not shown: it holds credentials, which belong in " + Setting.SERVER_CREDENTIALS
                            + " whose id is the mirror's host)"
                    : "'" + url + "'";
            throw new BlobDownloaderException(
                    "invalid " + Setting.MIRRORS + " entry for " + mirror.registry() + ": its url " + shown
                            + " must be a registry URL such as https://mirror.example.com",
                    true,
                    e);
        }
    }
}
