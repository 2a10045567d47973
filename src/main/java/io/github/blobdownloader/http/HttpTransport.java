package io.github.blobdownloader.http;

import java.io.IOException;

/**
 * One HTTP round trip. The client and every layer over it (retries, redirects, authentication) implement it,
 * so each layer takes the one beneath as its only argument and is tested alone.
 */
@FunctionalInterface
public interface HttpTransport {

    /**
     * Sends {@code request} and returns the answer, whatever its status.
     *
     * @throws IOException when no answer arrived (connection refused or lost, TLS failure, timeout)
     */
    HttpResponse send(HttpRequest request) throws IOException;

    /** Closes the connections kept open for later requests; the client itself is the only layer that has any. */
    default void closeIdleConnections() {}
}
