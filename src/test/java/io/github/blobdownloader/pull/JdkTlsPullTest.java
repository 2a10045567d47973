package io.github.blobdownloader.pull;

import io.github.blobdownloader.tls.TlsEngine;

/** {@link TlsPullTest} over the JDK's TLS. */
class JdkTlsPullTest extends TlsPullTest {

    @Override
    TlsEngine engine() {
        return TlsEngine.jdk();
    }
}
