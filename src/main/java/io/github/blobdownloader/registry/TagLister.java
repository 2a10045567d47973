package io.github.blobdownloader.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import io.github.blobdownloader.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lists a repository's tags, following the spec's pagination ({@code Link: <…>; rel="next"}) to the end. */
public final class TagLister {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
    /** A guard against a registry whose pagination never ends. */
    private static final int MAX_PAGES = 10_000;

    private final RegistryTransport transport;

    public TagLister(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * @param pageSize the {@code n} to ask for, or 0 for the registry's default
     * @param limit    stop after this many tags (for messages that show a few); {@code Integer.MAX_VALUE}
     *                 for all
     */
    public List<String> list(String repository, int pageSize, int limit) {
        List<String> tags = new ArrayList<>();
        String what = "tags of " + transport.endpoint().registry() + "/" + repository;
        RegistryCall call = RegistryCall.get(repository + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""),
                repository, Map.of("Accept", "application/json"), what);
        for (int page = 0; page < MAX_PAGES && tags.size() < limit; page++) {
            HttpResponse response = transport.send(call);
            URI current = response.uri();
            try (InputStream in = response.body()) {
                JsonNode root = JSON.readTree(in.readNBytes(ManifestFetcher.MAX_MANIFEST_BYTES));
                root.path("tags").forEach(t -> tags.add(t.asText()));
            } catch (IOException e) {
                throw new RegistryException("registry " + transport.endpoint().registry()
                        + " sent an unreadable tag list for " + repository + ": " + RegistryTransport.describe(e),
                        200, false, e);
            }
            Optional<URI> next = nextPage(response, current);
            if (next.isEmpty()) {
                break;
            }
            call = new RegistryCall("GET", null, next.get(), repository, call.headers(), what);
        }
        return tags.size() > limit ? List.copyOf(tags.subList(0, limit)) : tags;
    }

    private static Optional<URI> nextPage(HttpResponse response, URI current) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                URI next = current.resolve(m.group(1));
                // Only follow links on the same registry: a link elsewhere would receive our token.
                if (next.getHost() != null && next.getHost().equalsIgnoreCase(current.getHost())
                        && next.getPort() == current.getPort()) {
                    return Optional.of(next);
                }
            }
        }
        return Optional.empty();
    }
}
