package io.github.blobdownloader.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A username and secret for one registry, and where they came from (for log lines and error messages).
 * {@link #toString()} never shows the secret.
 *
 * @param source human-readable origin, e.g. {@code <username>/<password> parameters} or
 *               {@code settings.xml server 'my-registry'}
 */
public record Credential(String username, String password, String source) {

    /** The {@code Authorization} value for HTTP Basic. */
    public String basicHeader() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** For messages: user name and source, never the secret. */
    public String describe() {
        return "user '" + username + "' from " + source;
    }

    @Override
    public String toString() {
        return "Credential[" + describe() + "]";
    }
}
