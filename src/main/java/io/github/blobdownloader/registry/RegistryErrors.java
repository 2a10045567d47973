package io.github.blobdownloader.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.UntrustedText;
import io.github.blobdownloader.auth.RegistryAuth;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.RetryPolicy;
import io.github.blobdownloader.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;

/** The one place that turns an unsuccessful HTTP answer into a meaningful exception. */
final class RegistryErrors {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private RegistryErrors() {}

    /** Reads the error body (bounded), closes the response and builds the exception for it. */
    static RuntimeException toException(
            HttpResponse response, RegistryCall call, RegistryEndpoint endpoint, RegistryAuth auth, int attempts) {
        int status = response.statusCode();
        ErrorBody body = readErrorBody(response);
        String registry = endpoint.registry();
        return switch (status) {
            case 401 -> auth.refused(call.repository(), 401);
            case 403 -> auth.refused(call.repository(), 403);
            case 404 ->
                new NotFoundException(call.what() + " not found at registry " + registry + body.suffix(), body.code());
            case 429 -> rateLimited(response, call, registry, attempts, body);
            default -> {
                // 408 and 5xx are the registry's trouble (retried until here), not the user's.
                boolean failing = status >= 500 || RetryPolicy.isRetryable(status);
                yield new RegistryException(
                        "registry " + registry + " answered HTTP " + status + " for "
                                + call.what() + (failing ? " after " + attempts + " attempt(s)" : "") + body.suffix()
                                + (failing
                                        ? "; the registry is failing, try again later or raise " + Setting.RETRIES
                                        : ""),
                        status,
                        !failing);
            }
        };
    }

    /** A 429 that ended a pull: the quota and its reset when the registry said them, and the ways out. */
    private static RegistryException rateLimited(
            HttpResponse response, RegistryCall call, String registry, int attempts, ErrorBody body) {
        java.util.Optional<RateLimit> limit = RateLimit.of(response.headers());
        String quota =
                limit.filter(RateLimit::announced).map(l -> ": " + l.describe()).orElse("");
        String reset = limit.map(l -> "; " + l.reset()).orElse("");
        return new RegistryException(
                "registry " + registry + " rate-limited the request for " + call.what()
                        + " (429" + (body.text().isEmpty() ? "" : ", " + body.text()) + ") after "
                        + attempts + " attempt(s)" + quota + reset + "; pull with credentials (" + Setting.USERNAME
                        + "/"
                        + Setting.PASSWORD + " or " + Setting.SERVER_CREDENTIALS + "), through a mirror ("
                        + Setting.MIRRORS + "),"
                        + " or later",
                429,
                false);
    }

    private static ErrorBody readErrorBody(HttpResponse response) {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new ErrorBody("", "");
        }
        try {
            JsonNode first = JsonTrees.read(bytes).path("errors").path(0);
            return new ErrorBody(
                    first.path("code").asText(""),
                    UntrustedText.printable(first.path("message").asText("")));
        } catch (IOException | RuntimeException e) {
            return new ErrorBody("", "");
        }
    }

    /** The registry's {@code errors[0]} code and message. */
    private record ErrorBody(String code, String message) {
        /** {@code code: message}, either alone, or empty. */
        String text() {
            return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
        }

        String suffix() {
            return text().isEmpty() ? "" : " (" + text() + ")";
        }
    }
}
