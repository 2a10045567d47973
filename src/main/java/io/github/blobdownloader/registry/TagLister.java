package io.github.blobdownloader.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.json.JsonSyntaxException;
import io.github.blobdownloader.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists a repository's tags, following the spec's pagination ({@code Link: <…>; rel="next"}) to the end. */
public final class TagLister {

    /** A guard against a registry whose pagination never ends. */
    private static final int MAX_PAGES = 10_000;
    /** A page is held in memory, as a manifest is: the same bound. */
    private static final int MAX_PAGE_BYTES = ManifestFetcher.MAX_MANIFEST_BYTES;

    /**
     * Some of a repository's tags.
     *
     * @param tags     the tags of the pages read, in the registry's order
     * @param complete whether they are all the tags (no page was left unread)
     */
    public record Tags(List<String> tags, boolean complete) {}

    private final RegistryTransport transport;

    public TagLister(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * @param pageSize the {@code n} to ask for, or 0 for the registry's default
     * @param limit    stop after this many tags; {@code Integer.MAX_VALUE} for all
     */
    public List<String> list(String repository, int pageSize, int limit) {
        List<String> tags = read(repository, pageSize, limit).tags();
        return tags.size() > limit ? List.copyOf(tags.subList(0, limit)) : tags;
    }

    /** The tags of whole pages until at least {@code atLeast} are read (for messages that show a few). */
    public Tags some(String repository, int atLeast) {
        return read(repository, 0, atLeast);
    }

    private Tags read(String repository, int pageSize, int atLeast) {
        List<String> tags = new ArrayList<>();
        String what = "tags of " + transport.endpoint().registry() + "/" + repository;
        RegistryCall call = RegistryCall.get(
                repository + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""),
                repository,
                Map.of("Accept", "application/json"),
                what);
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpResponse response = transport.send(call);
            URI current = response.uri();
            readPage(response, repository).path("tags").forEach(t -> tags.add(t.asText()));
            Optional<URI> next = PageLinks.next(response, current, transport);
            if (next.isEmpty()) {
                return new Tags(tags, true);
            }
            if (tags.size() >= atLeast) {
                return new Tags(tags, false);
            }
            call = new RegistryCall("GET", null, next.get(), repository, call.headers(), what);
        }
        return new Tags(tags, false);
    }

    private JsonNode readPage(HttpResponse response, String repository) {
        String registry = transport.endpoint().registry();
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_PAGE_BYTES + 1);
        } catch (IOException e) {
            throw new RegistryException(
                    "connection to registry " + registry + " failed while reading the tag list" + " of " + repository
                            + ": " + RegistryTransport.describe(e),
                    0,
                    false,
                    e);
        }
        String noListing =
                "; set " + Setting.TAG + " or a digest in " + Setting.IMAGE + ", so that no tag listing is needed";
        if (body.length > MAX_PAGE_BYTES) {
            throw new RegistryException(
                    "registry " + registry + " sent a tag list page for " + repository + " larger than "
                            + (MAX_PAGE_BYTES >> 20) + " MiB; refusing it" + noListing,
                    200,
                    false);
        }
        try {
            return JsonTrees.read(body);
        } catch (JsonSyntaxException e) {
            // the offset and the character mean nothing to the user: they stay in the cause
            throw new RegistryException(
                    "registry " + registry + " sent a tag list for " + repository + " that is not valid JSON"
                            + noListing,
                    200,
                    false,
                    e);
        } catch (IOException e) {
            throw new RegistryException(
                    "registry " + registry + " sent an unreadable tag list for " + repository + noListing,
                    200,
                    false,
                    e);
        }
    }
}
