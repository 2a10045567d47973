package io.github.blobdownloader.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.pull.ImageResolver;
import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.registry.RegistryClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tag-list pagination ({@code n}, {@code last}, {@code Link: <…>; rel="next"}). The docker-registry these
 * tests run (distribution 2.8) ignores {@code n} on tag lists and always answers in one page, so pages
 * are a behaviour it cannot produce: an in-process server stands in, paginating as the spec and
 * distribution 3 do.
 */
class TagPaginationTest {

    private static final List<String> TAGS =
            List.of("0.9", "1.0.0", "1.10.0", "1.2.0", "1.9.0", "edge", "latest", "v1.11.0-rc.1");

    private final List<String> queries = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void listingFollowsNextLinksToTheEnd() {
        List<String> listed = client().tags().list("team/app", 3, Integer.MAX_VALUE);

        assertEquals(TAGS, listed);
        assertEquals(List.of("n=3", "n=3&last=1.10.0", "n=3&last=edge"), queries);
    }

    @Test
    void semverRanksAcrossPages() {
        TagRanking ranking =
                new TagSelector(client(), Log.silent(), 2).rank("team/app", TagStrategy.SEMVER, false, null, 1);

        assertEquals(4, queries.size(), queries.toString());
        assertEquals(TAGS.size(), ranking.tags().size());
        assertEquals("1.10.0", ranking.choose());
    }

    private RegistryClient client() {
        // registryUrl says http://: this server does not answer a TLS hello the way a registry does.
        PullRequest request = PullRequest.builder("team/app", tmp)
                .registryUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .retries(1)
                .build();
        return ImageResolver.client(
                request, ImageResolver.endpoint(request, ImageResolver.reference(request)), Log.silent());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/v2/team/app/tags/list")) {
            send(exchange, 200, "{}", null);
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query);
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        int n = Integer.parseInt(params.get("n"));
        String last = params.get("last");
        List<String> rest = new ArrayList<>(
                TAGS.stream().filter(t -> last == null || t.compareTo(last) > 0).toList());
        List<String> page = rest.subList(0, Math.min(n, rest.size()));
        String link = rest.size() > n
                ? "</v2/team/app/tags/list?n=" + n + "&last=" + page.get(page.size() - 1) + ">; rel=\"next\""
                : null;
        send(
                exchange,
                200,
                "{\"name\":\"team/app\",\"tags\":["
                        + page.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",")) + "]}",
                link);
    }

    private static void send(HttpExchange exchange, int status, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (link != null) {
            exchange.getResponseHeaders().add("Link", link);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
