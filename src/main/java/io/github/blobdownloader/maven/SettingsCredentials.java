package io.github.blobdownloader.maven;

import io.github.blobdownloader.auth.Credential;
import io.github.blobdownloader.auth.CredentialProvider;
import io.github.blobdownloader.reference.ImageReference;
import io.github.blobdownloader.registry.RegistryEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Credentials from a settings.xml {@code <server>}: the one named by {@code serverId}, else the one whose id
 * is the registry's {@code host:port}, then {@code host} (Docker Hub also under its other names). Passwords
 * encrypted with {@code mvn --encrypt-password} are decrypted through Maven's {@link SettingsDecrypter}.
 */
final class SettingsCredentials implements CredentialProvider {

    private static final List<String> DOCKER_HUB_IDS = List.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final Settings settings;
    private final SettingsDecrypter decrypter;
    private final String serverId;

    SettingsCredentials(Settings settings, SettingsDecrypter decrypter, String serverId) {
        this.settings = settings;
        this.decrypter = decrypter;
        this.serverId = serverId;
    }

    @Override
    public Optional<Credential> find(String registry) {
        if (settings == null) {
            return Optional.empty();
        }
        for (String id : candidateIds(registry)) {
            Server server = settings.getServer(id);
            if (server != null && server.getUsername() != null) {
                return Optional.of(
                        new Credential(server.getUsername(), decrypt(server), "settings.xml server '" + id + "'"));
            }
        }
        return Optional.empty();
    }

    /** The ids looked up, in order. An explicit serverId is the only one tried. */
    List<String> candidateIds(String registry) {
        if (serverId != null && !serverId.isBlank()) {
            return List.of(serverId.trim());
        }
        List<String> ids = new ArrayList<>();
        ids.add(registry);
        String host = RegistryEndpoint.hostOnly(registry);
        if (!host.equals(registry)) {
            ids.add(host);
        }
        if (ImageReference.DOCKER_HUB.equals(registry)) {
            DOCKER_HUB_IDS.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        }
        return ids;
    }

    private String decrypt(Server server) {
        String password = server.getPassword() == null ? "" : server.getPassword();
        if (decrypter == null || !password.contains("{")) {
            return password;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                // Not the problem's text: a parse error quotes settings-security.xml, whose master password
                // is only obfuscated.
                throw new io.github.blobdownloader.BlobDownloaderException(
                        "cannot decrypt the password of"
                                + " settings.xml server '" + server.getId() + "': settings-security.xml is missing,"
                                + " unreadable or holds another master password; check ~/.m2/settings-security.xml (or the"
                                + " file -Dsettings.security names) and re-encrypt with mvn --encrypt-password",
                        true);
            }
        }
        Server decrypted = result.getServer();
        return decrypted == null || decrypted.getPassword() == null ? password : decrypted.getPassword();
    }
}
