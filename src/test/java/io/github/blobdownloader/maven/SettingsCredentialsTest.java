package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.auth.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** The settings.xml source with Maven's real decrypter and a settings-security.xml master password. */
class SettingsCredentialsTest {

    static final String MASTER = "Master-6d0c1f";
    static final String PASSWORD = "Server-pw-2e8b";

    @TempDir
    Path tmp;

    @Test
    void encryptedPasswordIsDecryptedWithTheMasterPassword() throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        Path security =
                securityFile(cipher.encryptAndDecorate(MASTER, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION));
        Settings settings = settings(server("127.0.0.1:5000", "carol", cipher.encryptAndDecorate(PASSWORD, MASTER)));

        Credential c = new SettingsCredentials(settings, decrypter(security), null)
                .find("127.0.0.1:5000")
                .orElseThrow();

        assertEquals("carol", c.username());
        assertEquals(PASSWORD, c.password());
        assertEquals("settings.xml server '127.0.0.1:5000'", c.source());
        assertFalse(c.toString().contains(PASSWORD));
    }

    @Test
    void wrongMasterPasswordFailsNamingTheServerNotTheSecret() throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        Path security = securityFile(
                cipher.encryptAndDecorate("another-master", DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION));
        String encrypted = cipher.encryptAndDecorate(PASSWORD, MASTER);
        Settings settings = settings(server("corp", "carol", encrypted));

        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class,
                () -> new SettingsCredentials(settings, decrypter(security), "corp").find("127.0.0.1:5000"));

        assertTrue(
                e.getMessage().startsWith("cannot decrypt the password of settings.xml server 'corp'"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD) || e.getMessage().contains(MASTER), e.getMessage());
    }

    @Test
    void lookupOrderServerIdElseHostPortElseHostAndDockerHubAliases() {
        Settings settings = settings(
                server("reg.example", "byhost", "p1"),
                server("reg.example:5000", "byport", "p2"),
                server("index.docker.io", "hub", "p3"),
                server("mine", "explicit", "p4"));

        assertEquals(
                "byport", find(settings, null, "reg.example:5000").orElseThrow().username());
        assertEquals(
                "byhost", find(settings, null, "reg.example:6000").orElseThrow().username());
        assertEquals("hub", find(settings, null, "docker.io").orElseThrow().username());
        assertEquals(
                "explicit",
                find(settings, "mine", "reg.example:5000").orElseThrow().username());
        assertEquals(Optional.empty(), find(settings, "absent", "reg.example:5000"), "serverId is the only one tried");
        assertEquals(
                List.of("docker.io", "index.docker.io", "registry-1.docker.io"),
                new SettingsCredentials(settings, null, null).candidateIds("docker.io"));
    }

    private static Optional<Credential> find(Settings settings, String serverId, String registry) {
        return new SettingsCredentials(settings, null, serverId).find(registry);
    }

    private Path securityFile(String encryptedMaster) throws Exception {
        Path file = tmp.resolve("settings-security.xml");
        Files.writeString(file, "<settingsSecurity><master>" + encryptedMaster + "</master></settingsSecurity>");
        return file;
    }

    private static DefaultSettingsDecrypter decrypter(Path securityFile) throws Exception {
        DefaultSecDispatcher dispatcher = new DefaultSecDispatcher() {
            {
                _cipher = new DefaultPlexusCipher();
            }
        };
        dispatcher.setConfigurationFile(securityFile.toString());
        return new DefaultSettingsDecrypter(dispatcher);
    }

    private static Settings settings(Server... servers) {
        Settings settings = new Settings();
        for (Server s : servers) {
            settings.addServer(s);
        }
        return settings;
    }

    private static Server server(String id, String user, String password) {
        Server s = new Server();
        s.setId(id);
        s.setUsername(user);
        s.setPassword(password);
        return s;
    }
}
