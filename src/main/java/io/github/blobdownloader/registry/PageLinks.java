package io.github.blobdownloader.registry;

import io.github.blobdownloader.http.HttpResponse;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The spec's pagination: {@code Link: <…>; rel="next"} names the next page of a listing. */
final class PageLinks {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    private PageLinks() {}

    /** The next page after {@code response} (read from {@code current}), if it names one on the registry. */
    static Optional<URI> next(HttpResponse response, URI current, RegistryTransport transport) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                URI next = current.resolve(m.group(1));
                // Only links on the registry's own origin (its scheme too, and not the host a redirect led to):
                // a link elsewhere would receive our token.
                if (next.getHost() != null && transport.isRegistry(next)) {
                    return Optional.of(next);
                }
            }
        }
        return Optional.empty();
    }
}
