package io.github.blobdownloader.tls;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.reference.Hasher;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which TLS implementation makes the connections: BoringSSL (through Conscrypt) where its native library loads,
 * else the JDK's. BoringSSL decrypts without the JIT having to compile the JDK's TLS first, which in a short
 * Maven run costs more CPU than the decryption itself. Certificates are checked by the JDK's trust managers in
 * both cases, so what is trusted (the JDK's CAs, {@code caCertificates}, host names) does not depend on the choice.
 * Engines are shared per choice and folder, as are the contexts they make for the JDK's CAs.
 */
public final class TlsEngine {

    /** What the user asked for. */
    public enum Choice {
        /** BoringSSL where it loads, else the JDK's. */
        AUTO,
        /** The JDK's TLS (JSSE) only: for a JVM whose security policy must apply, as FIPS set-ups require. */
        JDK,
        /** BoringSSL, or fail. */
        NATIVE;

        /** {@code auto}, {@code jdk} or {@code native}, any case; anything else is the user's mistake. */
        public static Choice parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BlobDownloaderException(
                        Setting.TLS_ENGINE + " must be auto, jdk or native, was '" + value + "'", true, e);
            }
        }
    }

    private static final List<String> JDK_ONLY_PROPERTIES =
            List.of("javax.net.ssl.keyStore", "jdk.tls.client.protocols", "jdk.tls.client.cipherSuites");
    private static final TlsEngine JDK_ENGINE = new TlsEngine(Choice.JDK, null, NativeTls::load);
    private static final Map<String, TlsEngine> SHARED = new ConcurrentHashMap<>();

    private final Choice choice;
    private final Path libraryFolder;
    private final Function<Path, NativeTls.Outcome> loader;
    private NativeTls.Outcome outcome;
    private SSLContext jdkCas;
    private SSLContext anything;
    private Hasher hasher;

    /** @param loader loads BoringSSL from a folder ({@link NativeTls#load}; tests give others) */
    TlsEngine(Choice choice, Path libraryFolder, Function<Path, NativeTls.Outcome> loader) {
        this.choice = choice;
        this.libraryFolder = libraryFolder;
        this.loader = loader;
    }

    /** The JDK's TLS. */
    public static TlsEngine jdk() {
        return JDK_ENGINE;
    }

    /**
     * The engine for {@code choice}, BoringSSL's library unpacked (once) under {@code libraryFolder}; nothing is
     * loaded or unpacked until the first TLS connection.
     */
    public static TlsEngine of(Choice choice, Path libraryFolder) {
        if (choice == Choice.JDK) {
            return JDK_ENGINE;
        }
        return SHARED.computeIfAbsent(
                choice + " " + libraryFolder, k -> new TlsEngine(choice, libraryFolder, NativeTls::load));
    }

    /** A context trusting the JDK's CAs. */
    public synchronized SSLContext jdkCas() {
        if (jdkCas == null) {
            Provider provider = provider();
            try {
                jdkCas = provider == null ? SSLContext.getDefault() : context(provider, jdkCaTrust());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        }
        return jdkCas;
    }

    /** A context trusting any certificate for any host: for {@code insecureRegistries} alone. */
    public synchronized SSLContext trustingAnything() {
        if (anything == null) {
            anything = context(new TrustingAnything());
        }
        return anything;
    }

    /** A context trusting what {@code trust} trusts. */
    public SSLContext context(X509ExtendedTrustManager trust) {
        try {
            return context(provider(), trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }

    /** Which implementation connects, and why not BoringSSL when it is not; loads it if not done yet. */
    public String describe() {
        provider();
        return choice == Choice.JDK ? "the JDK's (" + Setting.TLS_ENGINE + " is jdk)" : outcome.description();
    }

    /**
     * BoringSSL's SHA-256 where it loads, the JDK's digests otherwise (and always for {@code jdk}); loads it if
     * not done yet. BoringSSL hashes with the CPU's SHA instructions from the first byte, where the JDK's SHA-256
     * runs as bytecode until the JIT's one C2 thread gets to compiling it: a few hundred milliseconds into a
     * large download in a fresh Maven JVM, and on a pull of small blobs a compile that competes with it.
     */
    public synchronized Hasher hasher() {
        if (hasher == null) {
            hasher = makeHasher();
        }
        return hasher;
    }

    private Hasher makeHasher() {
        // loaded as for a connection, but a library that does not load only means the JDK's digests, even
        // under native: a plain HTTP pull never needs BoringSSL
        Provider provider = choice == Choice.JDK ? null : loaded().provider();
        if (provider == null) {
            return Hasher.JDK;
        }
        // Each digest is a copy of one never used: a provider lookup per blob (a reflective constructor call,
        // spun into a class after a few) costs a small blob more than hashing it. Never updated, the original
        // may be copied by several download threads at once.
        MessageDigest unused;
        try {
            unused = MessageDigest.getInstance("SHA-256", provider);
        } catch (NoSuchAlgorithmException e) {
            return Hasher.JDK;
        }
        return digest -> {
            if (!digest.algorithm().equals("sha256")) {
                return digest.newMessageDigest();
            }
            try {
                return (MessageDigest) unused.clone();
            } catch (CloneNotSupportedException e) {
                return digest.newMessageDigest();
            }
        };
    }

    /** Whether connections use BoringSSL; loads it if not done yet. */
    public boolean isNative() {
        return provider() != null;
    }

    private synchronized NativeTls.Outcome loaded() {
        if (outcome == null) {
            String jdkOnly = choice == Choice.AUTO ? jdkOnlySetting() : null;
            outcome = jdkOnly != null
                    ? new NativeTls.Outcome(null, null, "the JDK's (" + jdkOnly + " is set, which only it honours)")
                    : loader.apply(libraryFolder);
        }
        return outcome;
    }

    private synchronized Provider provider() {
        if (choice == Choice.JDK) {
            return null;
        }
        NativeTls.Outcome outcome = loaded();
        if (outcome.provider() == null && choice == Choice.NATIVE) {
            throw new BlobDownloaderException(
                    "cannot use BoringSSL for TLS as " + Setting.TLS_ENGINE.is("native") + " asks: "
                            + outcome.failure() + "; set " + Setting.TLS_ENGINE.is("auto")
                            + " to use the JDK's TLS where BoringSSL does not load",
                    true,
                    outcome.failure());
        }
        return outcome.provider();
    }

    /**
     * A JVM setting for the JDK's TLS that BoringSSL would ignore: client certificates from a key store, or the
     * protocols and suites a site allows. {@code auto} keeps to the JDK's TLS then.
     */
    static String jdkOnlySetting() {
        for (String property : JDK_ONLY_PROPERTIES) {
            if (System.getProperty(property) != null) {
                return property;
            }
        }
        return null;
    }

    private static SSLContext context(Provider provider, X509ExtendedTrustManager trust)
            throws GeneralSecurityException {
        SSLContext context = provider == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", provider);
        context.init(null, new TrustManager[] {provider == null ? trust : new AuthTypeBridge(trust, provider)}, null);
        return context;
    }

    /** The JDK's trust manager over its own CAs. */
    public static X509ExtendedTrustManager jdkCaTrust() throws GeneralSecurityException {
        return trustManager(null);
    }

    /** The JDK's trust manager over the CAs of {@code store} ({@code null}: the JDK's). */
    public static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new NoSuchAlgorithmException("the JDK's trust manager factory has no X509ExtendedTrustManager");
    }
}
