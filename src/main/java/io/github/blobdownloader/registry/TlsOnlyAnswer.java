package io.github.blobdownloader.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the answer of a TLS-only server to a plain HTTP request. Go's TLS server (docker-registry's)
 * answers {@code 400} with the body {@code Client sent an HTTP request to an HTTPS server.}
 */
final class TlsOnlyAnswer {

    private static final String GO_TLS_SERVER = "Client sent an HTTP request to an HTTPS server";
    private static final int PEEK_BYTES = 256;

    private TlsOnlyAnswer() {
    }

    /**
     * {@code null} when {@code response} says the server speaks only TLS (its body is then consumed);
     * otherwise a response with the same status, headers and body bytes.
     */
    static HttpResponse<InputStream> check(HttpResponse<InputStream> response) {
        if (response.statusCode() != 400) {
            return response;
        }
        InputStream body = response.body();
        byte[] head;
        try {
            head = body.readNBytes(PEEK_BYTES);
        } catch (IOException e) {
            head = new byte[0];
        }
        if (new String(head, StandardCharsets.ISO_8859_1).contains(GO_TLS_SERVER)) {
            RegistryErrors.discard(response);
            return null;
        }
        return new WatchedResponse(response, new SequenceInputStream(new ByteArrayInputStream(head), body));
    }
}
