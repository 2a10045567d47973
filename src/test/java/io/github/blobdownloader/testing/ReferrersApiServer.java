package io.github.blobdownloader.testing;

import io.github.blobdownloader.testing.ArtifactPusher.Pushed;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry with the OCI 1.1 referrers API, for the API side of tests that docker-registry 2.8 cannot serve:
 * {@code GET /v2/<name>/referrers/<digest>} answers from the referrers the test adds, {@code pageSize} per
 * page with {@code Link} headers to the next, filtered by {@code artifactType} with {@code OCI-Filters-Applied};
 * everything else is passed to the real registry behind it.
 */
public final class ReferrersApiServer implements AutoCloseable {

    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final ScriptedRegistryProxy proxy;
    private final int pageSize;
    private final Map<String, List<Pushed>> referrers = new ConcurrentHashMap<>();
    private final AtomicInteger pages = new AtomicInteger();
    private volatile boolean filters = true;

    private ReferrersApiServer(ScriptedRegistryProxy proxy, int pageSize) {
        this.proxy = proxy;
        this.pageSize = pageSize;
        proxy.on("/referrers/", this::answer, -1);
    }

    public static ReferrersApiServer start(URI registry, int pageSize) {
        return new ReferrersApiServer(ScriptedRegistryProxy.start(registry), pageSize);
    }

    /** Lists {@code referrers} as referring to {@code subjectDigest}. */
    public ReferrersApiServer add(String subjectDigest, Pushed... referrers) {
        this.referrers
                .computeIfAbsent(subjectDigest, d -> new CopyOnWriteArrayList<>())
                .addAll(List.of(referrers));
        return this;
    }

    /** Answers as a registry that ignores {@code artifactType}: every referrer, no {@code OCI-Filters-Applied}. */
    public ReferrersApiServer ignoreFilters() {
        filters = false;
        return this;
    }

    public String hostPort() {
        return proxy.hostPort();
    }

    public ScriptedRegistryProxy proxy() {
        return proxy;
    }

    /** How many pages of referrers were served. */
    public int pagesServed() {
        return pages.get();
    }

    private void answer(ScriptedRegistryProxy.Exchange ex) throws java.io.IOException {
        String target = ex.request().target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : target.substring(q + 1));
        String subject = path.substring(path.lastIndexOf('/') + 1);
        String type = filters ? query.get("artifactType") : null;
        List<Pushed> all = new ArrayList<>(referrers.getOrDefault(subject, List.of()));
        if (type != null) {
            all.removeIf(p -> !type.equals(p.artifactType()));
        }
        int from = Integer.parseInt(query.getOrDefault("page", "0"));
        List<Pushed> page = all.subList(Math.min(from, all.size()), Math.min(from + pageSize, all.size()));
        StringJoiner entries = new StringJoiner(",");
        for (Pushed p : page) {
            entries.add("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":" + Json.quote(p.digest()) + ",\"size\":"
                    + p.size() + (p.artifactType() == null ? "" : ",\"artifactType\":" + Json.quote(p.artifactType()))
                    + "}");
        }
        byte[] body = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + entries + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(OCI_INDEX));
        if (type != null) {
            headers.put("OCI-Filters-Applied", List.of("artifactType"));
        }
        if (from + pageSize < all.size()) {
            String next = path + "?page=" + (from + pageSize)
                    + (query.containsKey("artifactType") ? "&artifactType=" + query.get("artifactType") : "");
            headers.put("Link", List.of("<" + next + ">; rel=\"next\""));
        }
        pages.incrementAndGet();
        ex.send(new ScriptedRegistryProxy.Upstream(200, headers, body));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        proxy.close();
    }
}
