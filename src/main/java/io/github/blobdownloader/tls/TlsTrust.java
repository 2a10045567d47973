package io.github.blobdownloader.tls;

import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Which TLS servers to trust, as a lazily built context: loading the JDK's CAs costs a noticeable part of a
 * second, wasted on a registry that speaks plain HTTP, so nothing is built until a TLS connection opens.
 */
public final class TlsTrust {

    private TlsTrust() {}

    /** The JDK's CAs, over the JDK's TLS. */
    public static Supplier<SSLContext> jdkDefault() {
        return jdkCas(TlsEngine.jdk());
    }

    /** The JDK's CAs, over {@code engine} (which makes the context once). */
    public static Supplier<SSLContext> jdkCas(TlsEngine engine) {
        return engine::jdkCas;
    }

    /** Any certificate for any host name, over the JDK's TLS: for {@code insecureRegistries} alone. */
    public static Supplier<SSLContext> anything() {
        return anything(TlsEngine.jdk());
    }

    /** Any certificate for any host name, over {@code engine}: for {@code insecureRegistries} alone. */
    public static Supplier<SSLContext> anything(TlsEngine engine) {
        return engine::trustingAnything;
    }

    /** A context made once, on first use. */
    public static Supplier<SSLContext> memoize(Supplier<SSLContext> make) {
        return new Supplier<>() {
            private SSLContext context;

            @Override
            public synchronized SSLContext get() {
                if (context == null) {
                    context = make.get();
                }
                return context;
            }
        };
    }
}
