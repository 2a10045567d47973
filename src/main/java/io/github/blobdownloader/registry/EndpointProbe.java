package io.github.blobdownloader.registry;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.http.Failures;
import io.github.blobdownloader.http.HttpRequest;
import io.github.blobdownloader.http.HttpResponse;
import io.github.blobdownloader.http.HttpTransport;
import io.github.blobdownloader.http.NotHttpException;
import io.github.blobdownloader.http.ProxySettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a registry {@code GET /v2/} once, as go-containerregistry's ping does, before any other request: the
 * answer settles which scheme it speaks (for endpoints that allow two) and which authentication it wants, so
 * no later request carries scheme state.
 */
final class EndpointProbe {

    /** Go's TLS server (docker-registry's) answers plain HTTP with a 400 that says so. */
    private static final String GO_TLS_SERVER = "Client sent an HTTP request to an HTTPS server";

    /** What the probe found: the base to send API requests to, and the challenge of a {@code 401}, if any. */
    record Result(String scheme, String challenge) {}

    private EndpointProbe() {}

    /**
     * @param once     the client alone, for telling the schemes apart without retrying a mismatch
     * @param retrying the client under the retry layer, for the answer that counts
     */
    static Result probe(
            RegistryEndpoint endpoint, HttpTransport once, HttpTransport retrying, ProxySettings proxies, Log log)
            throws IOException {
        List<String> schemes = order(endpoint, proxies);
        IOException first = null;
        for (int i = 0; i < schemes.size(); i++) {
            String scheme = schemes.get(i);
            boolean last = i == schemes.size() - 1;
            HttpRequest ping = HttpRequest.get(endpoint.uri(scheme, ""));
            HttpResponse response;
            HttpTransport via = last && first == null ? retrying : once;
            try {
                response = via.send(ping);
            } catch (io.github.blobdownloader.http.ProxyRefusedException e) {
                throw e;
            } catch (NotHttpException e) {
                if (!last) {
                    log.debug("Registry " + endpoint.registry() + " does not answer plain HTTP (" + e.getMessage()
                            + "); trying https");
                    first = first == null ? e : first;
                    continue;
                }
                throw speaksTls(endpoint, e);
            } catch (java.net.ConnectException | java.net.UnknownHostException e) {
                if (via == retrying) {
                    throw e;
                }
                // Nothing listens there, whatever the scheme: wait for it as for any request.
                response = retrying.send(ping);
            } catch (IOException e) {
                if (scheme.equals("https") && Failures.isCertificateRejection(e)) {
                    // The server speaks TLS and its certificate is what failed: plain HTTP would not fix that.
                    throw e;
                }
                if (last) {
                    throw first != null && !Failures.isPlaintextServer(e) && !(first instanceof NotHttpException)
                            ? first
                            : wrongScheme(endpoint, scheme, e);
                }
                log.debug("Registry " + endpoint.registry() + " did not answer " + scheme + " (" + Failures.describe(e)
                        + "); trying " + schemes.get(i + 1));
                first = first == null ? e : first;
                continue;
            }
            if (scheme.equals("http") && isTlsOnlyAnswer(response)) {
                if (!last) {
                    log.debug("Registry " + endpoint.registry() + " speaks only TLS; using https");
                    continue;
                }
                response.discard();
                // Asked over https first: the server speaks TLS, and why that failed is what the user must fix.
                if (first != null) {
                    throw first;
                }
                throw speaksTls(endpoint, null);
            }
            String challenge = response.statusCode() == 401
                    ? response.headers().firstValue("WWW-Authenticate").orElse(null)
                    : null;
            response.discard();
            return new Result(scheme, challenge);
        }
        throw first != null ? first : new IOException("no scheme to try");
    }

    /** A registry reached through a proxy keeps TLS first: a plain request would show the proxy its paths. */
    private static List<String> order(RegistryEndpoint endpoint, ProxySettings proxies) {
        List<String> schemes = new ArrayList<>(endpoint.schemes());
        if (schemes.size() > 1 && schemes.get(0).equals("http")) {
            URI plain = endpoint.uri("http", "");
            List<Proxy> route = proxies.selector().select(plain);
            if (route != null && route.stream().anyMatch(p -> p.type() != Proxy.Type.DIRECT)) {
                schemes.sort((a, b) -> a.equals("https") ? -1 : b.equals("https") ? 1 : 0);
            }
        }
        return schemes;
    }

    private static boolean isTlsOnlyAnswer(HttpResponse response) {
        if (response.statusCode() != 400) {
            return false;
        }
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(256), StandardCharsets.ISO_8859_1).contains(GO_TLS_SERVER);
        } catch (IOException e) {
            return false;
        }
    }

    private static IOException speaksTls(RegistryEndpoint endpoint, IOException cause) {
        return new WrongSchemeException(
                "registry " + endpoint.registry() + " (" + endpoint.hostPort()
                        + ") speaks only TLS, not plain HTTP: use https:// in " + Setting.REGISTRY_URL,
                cause);
    }

    private static IOException wrongScheme(RegistryEndpoint endpoint, String scheme, IOException e) {
        if (scheme.equals("https") && Failures.isPlaintextServer(e)) {
            return new WrongSchemeException(
                    "registry " + endpoint.registry() + " (" + endpoint.hostPort()
                            + ") does not speak TLS: use http:// in " + Setting.REGISTRY_URL + ", or list "
                            + endpoint.hostPort() + " in " + Setting.INSECURE_REGISTRIES,
                    e);
        }
        return e;
    }

    /** The endpoint speaks another scheme than the only one allowed. Its message is the user's line. */
    static final class WrongSchemeException extends IOException {
        WrongSchemeException(String message, IOException cause) {
            super(message, cause);
        }
    }
}
