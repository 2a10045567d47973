package io.github.blobdownloader.reference;

import io.github.blobdownloader.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A registry given as a full URL, the seed's style: {@code https://example.com:5000/v2}. The trailing
 * {@code /v2} is optional; anything before it is kept as a path prefix for registries served below a path.
 *
 * @param scheme     {@code http} or {@code https}
 * @param hostPort   host with optional port, e.g. {@code example.com:5000}
 * @param pathPrefix path before {@code /v2}, empty or starting with {@code /}, never ending with {@code /}
 */
public record RegistryUrl(String scheme, String hostPort, String pathPrefix) {

    /** Parses the {@code registryUrl} parameter. */
    public static RegistryUrl parse(String url) {
        // Checked on the raw text first: every later message echoes the URL, and it must not echo a secret.
        if (hasUserInfo(url)) {
            throw new InvalidReferenceException("invalid " + Setting.REGISTRY_URL + ": credentials do not"
                    + " belong in the URL; use " + Setting.USERNAME + "/" + Setting.PASSWORD + " or "
                    + Setting.SERVER_CREDENTIALS);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid(url, "not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(url, "scheme must be http or https, e.g. https://registry.example.com:5000/v2");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(url, "no query or fragment allowed");
        }
        String host = uri.getHost();
        String hostPort = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v2")) {
            path = path.substring(0, path.length() - 3);
        }
        return new RegistryUrl(scheme, hostPort, path);
    }

    /** Whether the authority part ({@code [scheme://]authority[/path]}) holds a {@code user[:password]@}. */
    private static boolean hasUserInfo(String url) {
        int schemeEnd = url.indexOf("://");
        String rest = schemeEnd >= 0 ? url.substring(schemeEnd + 3) : url;
        int authorityEnd = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < authorityEnd) {
                authorityEnd = i;
            }
        }
        return rest.substring(0, authorityEnd).contains("@");
    }

    private static InvalidReferenceException invalid(String url, String why) {
        return new InvalidReferenceException("invalid " + Setting.REGISTRY_URL + " '" + url + "': " + why);
    }
}
