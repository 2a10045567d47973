package io.github.blobdownloader.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes {@code docker-credential-<name>} shell scripts that behave like docker's credential helpers. They
 * use shell builtins only, because helpers run with nothing but the test's PATH, and they append what they
 * were asked to {@code <dir>/<name>.asked}.
 */
final class FakeCredentialHelper {

    private FakeCredentialHelper() {}

    /** A helper that knows {@code user}/{@code secret} for {@code server} and nothing else. */
    static Path write(Path dir, String name, String server, String user, String secret) throws IOException {
        return script(
                dir,
                name,
                "if [ \"$server\" = '" + server + "' ]; then\n"
                        + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' \"$server\" '"
                        + user
                        + "' '" + secret + "'\n"
                        + "else\n"
                        + "  echo 'credentials not found in native keychain'\n"
                        + "  exit 1\n"
                        + "fi\n");
    }

    /** A helper running {@code body} after reading the server into {@code $server}. */
    static Path script(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("docker-credential-" + name);
        Files.writeString(
                file,
                "#!/bin/sh\n"
                        + "[ \"$1\" = get ] || { echo \"unknown action $1\"; exit 2; }\n"
                        + "read -r server\n"
                        + "printf '%s\\n' \"$server\" >> '" + dir.resolve(name + ".asked") + "'\n"
                        + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
