package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.http.ProxySettings;
import io.github.blobdownloader.testing.RecordingLog;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class SettingsProxiesTest {

    private final RecordingLog log = new RecordingLog();

    @Test
    void activeProxiesAreTakenWithDecryptedPasswordsAndTheirNonProxyHosts() {
        Settings settings = new Settings();
        settings.addProxy(proxy("off", false, "http", "unused.example", null));
        settings.addProxy(proxy("corp", true, "http", "proxy.example", "{encrypted}"));
        SettingsDecrypter decrypter = request -> result(request.getProxies().get(0), "plain-secret", List.of());

        ProxySettings proxies = SettingsProxies.from(settings, decrypter, log);

        assertEquals(1, proxies.entries().size());
        ProxySettings.Entry corp = proxies.entries().get(0);
        assertEquals("proxy.example", corp.host());
        assertEquals(3128, corp.port());
        assertEquals("plain-secret", corp.password());
        assertTrue(corp.bypasses("build.internal.example"));
        assertTrue(corp.bypasses("LOCALHOST"));
        assertFalse(corp.bypasses("registry-1.docker.io"));
        assertTrue(
                proxies.forTarget(URI.create("https://registry-1.docker.io/v2/"))
                        .isPresent(),
                "an http proxy also carries https through CONNECT");
        assertEquals(
                Proxy.NO_PROXY,
                proxies.selector()
                        .select(URI.create("https://ci.internal.example/v2/"))
                        .get(0));
        assertFalse(log.text().contains("plain-secret"), log.text());
        assertFalse(corp.toString().contains("plain-secret"));
    }

    @Test
    void noActiveProxyLeavesTheJvmPropertiesInCharge() {
        Settings settings = new Settings();
        settings.addProxy(proxy("off", false, "http", "unused.example", null));
        assertTrue(SettingsProxies.from(settings, null, log).isEmpty());
    }

    @Test
    void aProxyPasswordThatCannotBeDecryptedFailsNamingTheProxyOnly() {
        Settings settings = new Settings();
        settings.addProxy(proxy("corp", true, "http", "proxy.example", "{bad}"));
        SettingsDecrypter decrypter = request -> result(
                request.getProxies().get(0),
                null,
                List.of(new DefaultSettingsProblem(
                        "Failed to decrypt password for proxy corp",
                        SettingsProblem.Severity.ERROR,
                        null,
                        -1,
                        -1,
                        null)));
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> SettingsProxies.from(settings, decrypter, log));
        assertTrue(e.isUserError());
        assertTrue(
                e.getMessage().startsWith("cannot decrypt the password of settings.xml proxy 'corp'"), e.getMessage());
        assertFalse(e.getMessage().contains("{bad}"));
    }

    @Test
    void socksProxiesAreIgnoredWithAWarning() {
        Settings settings = new Settings();
        settings.addProxy(proxy("socks", true, "socks5", "socks.example", null));
        assertTrue(SettingsProxies.from(settings, null, log).isEmpty());
        assertTrue(log.text().contains("WARN Ignoring settings.xml proxy 'socks'"), log.text());
    }

    private static org.apache.maven.settings.Proxy proxy(
            String id, boolean active, String protocol, String host, String password) {
        org.apache.maven.settings.Proxy p = new org.apache.maven.settings.Proxy();
        p.setId(id);
        p.setActive(active);
        p.setProtocol(protocol);
        p.setHost(host);
        p.setPort(3128);
        p.setUsername(password == null ? null : "alice");
        p.setPassword(password);
        p.setNonProxyHosts("localhost|*.internal.example");
        return p;
    }

    private static SettingsDecryptionResult result(
            org.apache.maven.settings.Proxy original, String password, List<SettingsProblem> problems) {
        org.apache.maven.settings.Proxy decrypted = original.clone();
        decrypted.setPassword(password);
        return new SettingsDecryptionResult() {
            @Override
            public org.apache.maven.settings.Server getServer() {
                return null;
            }

            @Override
            public List<org.apache.maven.settings.Server> getServers() {
                return List.of();
            }

            @Override
            public org.apache.maven.settings.Proxy getProxy() {
                return decrypted;
            }

            @Override
            public List<org.apache.maven.settings.Proxy> getProxies() {
                return List.of(decrypted);
            }

            @Override
            public List<SettingsProblem> getProblems() {
                return problems;
            }
        };
    }
}
