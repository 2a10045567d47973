package io.github.blobdownloader.http;

import java.io.IOException;
import java.net.URI;

/**
 * A request that a redirect sent to another host failed there: its cause is that host's failure, and
 * messages must name that host (storage, a CDN), not the registry that sent us to it.
 */
public final class RedirectedFailure extends IOException {

    private final URI target;

    RedirectedFailure(URI target, IOException cause) {
        super(cause.getMessage(), cause);
        this.target = target;
    }

    /** Where the redirect led. */
    public URI target() {
        return target;
    }

    /** {@code host:port} of the target, the port always spelled out. */
    public String hostPort() {
        int port = target.getPort() != -1 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        return target.getHost() + ":" + port;
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
