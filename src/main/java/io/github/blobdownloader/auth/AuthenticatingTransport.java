package io.github.blobdownloader.auth;

import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.HttpTransport;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authenticates registry requests: sends the authorization {@link RegistryAuth} holds for the request's scope,
 * and answers the registry's {@code 401} (Basic, or a bearer token from the challenge's realm) by sending once
 * more. A refused authorization is renewed once; a second refusal is the caller's {@code 401}. A {@code 401}
 * from another origin (a redirect target) is not the registry's and is passed on.
 */
public final class AuthenticatingTransport implements HttpTransport {

    /** Challenges one request answers: the first, and one more after its authorization was refused. */
    private static final int MAX_AUTH_ROUNDS = 2;
    /** How often a request gets new authorization after the registry refused the one it sent. */
    private static final int MAX_RENEWALS = 1;

    private static final Pattern REPOSITORY = Pattern.compile("/v2/(.+?)/(?:manifests|blobs|tags|referrers)/");

    private final HttpTransport next;
    private final RegistryAuth auth;

    public AuthenticatingTransport(HttpTransport next, RegistryAuth auth) {
        this.next = next;
        this.auth = auth;
    }

    /** The repository a registry API path names, or {@code null} (e.g. the {@code /v2/} probe). */
    static String repository(HttpRequest request) {
        Matcher m = REPOSITORY.matcher(
                request.uri().getRawPath() == null ? "" : request.uri().getRawPath());
        return m.find() ? m.group(1) : null;
    }

    @Override
    public HttpResponse send(HttpRequest request) throws IOException {
        String repository = repository(request);
        String scope = repository == null ? null : "repository:" + repository + ":pull";
        int rounds = 0;
        int rejected = 0;
        while (true) {
            Optional<String> authorization = auth.header(scope, request.uri());
            HttpRequest sent = authorization
                    .map(value -> request.withHeader("Authorization", value))
                    .orElse(request);
            HttpResponse response = next.send(sent);
            if (response.statusCode() != 401
                    || !HttpRequest.origin(response.uri()).equals(HttpRequest.origin(request.uri()))) {
                return response;
            }
            if (authorization.isPresent()) {
                rejected++;
            }
            if (rounds >= MAX_AUTH_ROUNDS || rejected > MAX_RENEWALS) {
                return response;
            }
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
            response.discard();
            auth.challenged(challenge, scope, request.uri(), authorization.orElse(null), repository);
            rounds++;
        }
    }
}
