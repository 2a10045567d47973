package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.tls.TlsEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for registries signed by a private CA: the certificates of the PEM files given in
 * {@code caCertificates} (several per file allowed), and the JDK's CAs. Host names are still checked, by the
 * transport.
 */
public final class CaCertificates {

    private CaCertificates() {}

    /**
     * An SSL context trusting the CAs in {@code pemFiles}, then the JDK's (asked only for a certificate the
     * private CAs refuse, see {@link PrivateCasFirst}); {@code null} when no file is given.
     */
    public static SSLContext sslContext(List<Path> pemFiles, TlsEngine engine) {
        if (pemFiles.isEmpty()) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Path file : pemFiles) {
                for (Certificate extra : read(file)) {
                    store.setCertificateEntry("extra-" + n++, extra);
                }
            }
            X509ExtendedTrustManager privateCas = TlsEngine.trustManager(store);
            Supplier<X509ExtendedTrustManager> jdkCas = new Supplier<>() {
                private X509ExtendedTrustManager made;

                @Override
                public synchronized X509ExtendedTrustManager get() {
                    if (made == null) {
                        try {
                            made = TlsEngine.jdkCaTrust();
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException("cannot load the JDK's CA certificates", e);
                        }
                    }
                    return made;
                }
            };
            return engine.context(new PrivateCasFirst(privateCas, jdkCas));
        } catch (GeneralSecurityException | IOException e) {
            throw new BlobDownloaderException(
                    "cannot build the TLS trust store from " + Setting.CA_CERTIFICATES + ": " + e.getMessage(),
                    false,
                    e);
        }
    }

    /** The certificates of one PEM file; a missing, unreadable or certificate-less file is the user's mistake. */
    static Collection<? extends Certificate> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BlobDownloaderException(
                    Setting.CA_CERTIFICATES + " lists " + file
                            + ", which is not a file; give PEM files of the CAs to trust, separated by commas",
                    true);
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate found");
            }
            return certificates;
        } catch (CertificateException | IOException e) {
            throw new BlobDownloaderException(
                    Setting.CA_CERTIFICATES + ": cannot read certificates"
                            + " from " + file + " (" + e.getMessage() + "); it must hold PEM certificates"
                            + " (-----BEGIN CERTIFICATE-----)",
                    true,
                    e);
        }
    }
}
