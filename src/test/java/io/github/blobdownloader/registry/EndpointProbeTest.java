package io.github.blobdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.blobdownloader.http.HttpTransport;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.http.ScriptedTransport;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.reference.RegistryUrl;
import io.github.blobdownloader.testing.RecordingLog;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class EndpointProbeTest {

    private static final String GO_TLS_ANSWER = "Client sent an HTTP request to an HTTPS server.\n";
    private final ScriptedTransport script = new ScriptedTransport();

    private EndpointProbe.Result probe(RegistryEndpoint endpoint, HttpTransport transport) throws IOException {
        return EndpointProbe.probe(endpoint, transport, transport, ProxySettings.jvmDefaults(), new RecordingLog());
    }

    private static RegistryEndpoint loopback() {
        return RegistryEndpoint.of(ImageReference.parse("127.0.0.1:5000/team/app"), Set.of());
    }

    @Test
    void aLoopbackRegistryThatSpeaksOnlyTlsIsAskedOverHttps() throws IOException {
        script.thenStatus(400, Map.of(), GO_TLS_ANSWER)
                .thenStatus(401, Map.of("WWW-Authenticate", "Bearer realm=\"https://a/t\""), "");
        EndpointProbe.Result result = probe(loopback(), script);
        assertEquals("https", result.scheme());
        assertEquals("Bearer realm=\"https://a/t\"", result.challenge());
        assertEquals(
                List.of("http", "https"),
                script.requests().stream().map(r -> r.uri().getScheme()).toList());
        assertEquals("/v2/", script.requests().get(0).uri().getPath());
    }

    @Test
    void aLoopbackRegistryWithAPrivateCaIsAskedOverHttpsAlone() throws IOException {
        script.thenStatus(200, Map.of(), "{}");
        assertEquals("https", probe(loopback().tlsFirst(), script).scheme());
        assertEquals(
                List.of("https"),
                script.requests().stream().map(r -> r.uri().getScheme()).toList());
    }

    @Test
    void aPlainLoopbackRegistryWithAPrivateCaStillFallsBackToHttp() throws IOException {
        script.thenFail(new SSLException("Unsupported or unrecognized SSL message"))
                .thenStatus(200, Map.of(), "{}");
        assertEquals("http", probe(loopback().tlsFirst(), script).scheme());
        assertEquals(
                List.of("https", "http"),
                script.requests().stream().map(r -> r.uri().getScheme()).toList());
    }

    /** A refused certificate proves the server speaks TLS: plain HTTP is not asked, whatever port answers it. */
    @Test
    void aRefusedCertificateIsTheErrorWithoutAPlainRequest() {
        SSLHandshakeException refused = new SSLHandshakeException("PKIX path building failed");
        refused.initCause(new CertificateException("unable to find valid certification path"));
        script.thenFail(refused).thenStatus(200, Map.of(), "{}");
        IOException e = assertThrows(IOException.class, () -> probe(loopback().tlsFirst(), script));
        assertEquals(refused, e);
        assertEquals(1, script.requests().size());
    }

    @Test
    void aFailedHandshakeIsTheErrorWhenThePlainAnswerSaysTlsOnly() {
        SSLException handshake = new SSLException("certificate expired");
        script.thenFail(handshake).thenStatus(400, Map.of(), GO_TLS_ANSWER);
        IOException e = assertThrows(IOException.class, () -> probe(loopback().tlsFirst(), script));
        assertEquals(handshake, e);
    }

    @Test
    void aPlainLoopbackRegistryIsSettledOnHttpWithOneRequest() throws IOException {
        script.thenStatus(200, Map.of(), "{}");
        assertEquals("http", probe(loopback(), script).scheme());
        assertEquals(1, script.requests().size());
    }

    @Test
    void httpInRegistryUrlAtATlsOnlyServerSaysToUseHttps() {
        script.thenStatus(400, Map.of(), GO_TLS_ANSWER);
        RegistryEndpoint endpoint = RegistryEndpoint.of(RegistryUrl.parse("http://127.0.0.1:5000/v2"), Set.of());
        IOException e = assertThrows(EndpointProbe.WrongSchemeException.class, () -> probe(endpoint, script));
        assertEquals(
                "registry 127.0.0.1:5000 (127.0.0.1:5000) speaks only TLS, not plain HTTP: use https:// in"
                        + " ⟨registryUrl⟩",
                e.getMessage());
    }

    @Test
    void httpsAtAPlainServerSaysHowToAllowPlainHttp() {
        script.thenFail(new SSLException("Unsupported or unrecognized SSL message"));
        RegistryEndpoint endpoint = RegistryEndpoint.of(RegistryUrl.parse("https://registry.test:5000"), Set.of());
        IOException e = assertThrows(EndpointProbe.WrongSchemeException.class, () -> probe(endpoint, script));
        assertEquals(
                "registry registry.test:5000 (registry.test:5000) does not speak TLS: use http:// in"
                        + " ⟨registryUrl⟩, or list registry.test:5000 in ⟨insecureRegistries⟩",
                e.getMessage());
    }

    @Test
    void anInsecureRegistryThatDoesNotSpeakTlsFallsBackToHttp() throws IOException {
        script.thenFail(new SSLException("Unsupported or unrecognized SSL message"))
                .thenStatus(200, Map.of(), "");
        RegistryEndpoint endpoint =
                RegistryEndpoint.of(ImageReference.parse("registry.test:5000/a"), Set.of("registry.test:5000"));
        assertEquals("http", probe(endpoint, script).scheme());
    }
}
