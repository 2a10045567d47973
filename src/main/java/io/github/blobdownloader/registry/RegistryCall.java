package io.github.blobdownloader.registry;

import java.net.URI;
import java.util.Map;

/**
 * One registry API request.
 *
 * @param method     HTTP method
 * @param apiPath    path below {@code /v2/}, e.g. {@code library/alpine/manifests/latest}; ignored when
 *                   {@code absolute} is set
 * @param absolute   a full URI on the registry (pagination links), or {@code null}
 * @param repository the repository, for the auth scope and messages
 * @param headers    extra request headers
 * @param what       what is being fetched, for messages (e.g. {@code manifest of host/repo:tag})
 */
public record RegistryCall(
        String method, String apiPath, URI absolute, String repository, Map<String, String> headers, String what) {

    public RegistryCall {
        headers = Map.copyOf(headers);
    }

    public static RegistryCall get(String apiPath, String repository, Map<String, String> headers, String what) {
        return new RegistryCall("GET", apiPath, null, repository, headers, what);
    }

    /** The token scope this request needs. */
    public String scope() {
        return "repository:" + repository + ":pull";
    }
}
