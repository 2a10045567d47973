package io.github.blobdownloader.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A username and secret for one registry, and where they came from (for log lines and error messages).
 * The secret is either a password (HTTP Basic, and Basic to the token service) or an identity token (an
 * OAuth2 refresh token from {@code docker login}, exchanged at the token service by POST).
 * {@link #toString()} never shows the secret.
 *
 * @param username      user name; may be empty for an identity token
 * @param password      password or access token, or {@code null} when {@code identityToken} is set
 * @param identityToken OAuth2 refresh token, or {@code null}
 * @param source        human-readable origin, e.g. {@code <username>/<password> parameters} or
 *                      {@code settings.xml server 'my-registry'}
 */
public record Credential(String username, String password, String identityToken, String source) {

    /** A user name and password. */
    public Credential(String username, String password, String source) {
        this(username, password, null, source);
    }

    /** An identity (refresh) token, as {@code docker login} stores it for OAuth2 registries. */
    public static Credential identityToken(String username, String token, String source) {
        return new Credential(username == null ? "" : username, null, token, source);
    }

    public boolean isIdentityToken() {
        return identityToken != null;
    }

    /** The {@code Authorization} value for HTTP Basic; an identity token has none. */
    public String basicHeader() {
        if (isIdentityToken()) {
            throw new IllegalStateException("an identity token cannot be sent as HTTP Basic");
        }
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** For messages: user name and source, never the secret. */
    public String describe() {
        return (isIdentityToken()
                        ? "an identity token" + (username.isEmpty() ? "" : " of user '" + username + "'")
                        : "user '" + username + "'")
                + " from " + source;
    }

    @Override
    public String toString() {
        return "Credential[" + describe() + "]";
    }
}
