package io.github.blobdownloader.maven;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.http.ProxySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The active {@code <proxy>} entries of settings.xml as the core's {@link ProxySettings}, passwords decrypted
 * like those of servers. None active: the JVM's proxy properties apply.
 */
final class SettingsProxies {

    private SettingsProxies() {}

    static ProxySettings from(Settings settings, SettingsDecrypter decrypter, Log log) {
        if (settings == null || settings.getProxies() == null) {
            return ProxySettings.jvmDefaults();
        }
        List<ProxySettings.Entry> entries = new ArrayList<>();
        for (Proxy proxy : settings.getProxies()) {
            if (!proxy.isActive()) {
                continue;
            }
            String protocol = proxy.getProtocol() == null
                    ? "http"
                    : proxy.getProtocol().trim().toLowerCase(Locale.ROOT);
            if (!protocol.equals("http") && !protocol.equals("https")) {
                log.warn("Ignoring settings.xml proxy '" + proxy.getId() + "': protocol " + protocol
                        + " is not supported (http and https are)");
                continue;
            }
            if (proxy.getHost() == null || proxy.getHost().isBlank()) {
                throw new BlobDownloaderException("settings.xml proxy '" + proxy.getId() + "' has no <host>", true);
            }
            Proxy decrypted = decrypt(proxy, decrypter);
            entries.add(new ProxySettings.Entry(
                    proxy.getId(),
                    protocol,
                    proxy.getHost().trim(),
                    proxy.getPort(),
                    blankToNull(decrypted.getUsername()),
                    decrypted.getPassword(),
                    proxy.getNonProxyHosts()));
        }
        ProxySettings result = new ProxySettings(entries);
        result.entries()
                .forEach(e -> log.debug("Using settings.xml " + e
                        + (e.nonProxyHosts() != null ? ", not for " + e.nonProxyHosts() : "")));
        return result;
    }

    private static Proxy decrypt(Proxy proxy, SettingsDecrypter decrypter) {
        String password = proxy.getPassword();
        if (decrypter == null || password == null || !password.contains("{")) {
            return proxy;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                // The problem text names the proxy, never the password.
                throw new BlobDownloaderException(
                        "cannot decrypt the password of settings.xml proxy '" + proxy.getId() + "': "
                                + problem.getMessage() + "; check ~/.m2/settings-security.xml",
                        true);
            }
        }
        return result.getProxy() != null ? result.getProxy() : proxy;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
