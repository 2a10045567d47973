package io.github.blobdownloader.pull;

import io.github.blobdownloader.tls.TlsEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsPullTest} over BoringSSL; {@code native} fails the test rather than falling back. */
class NativeTlsPullTest extends TlsPullTest {

    @TempDir
    static Path libraryFolder;

    @Override
    TlsEngine engine() {
        return TlsEngine.of(TlsEngine.Choice.NATIVE, libraryFolder);
    }
}
