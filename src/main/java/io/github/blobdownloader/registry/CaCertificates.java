package io.github.blobdownloader.registry;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust for registries signed by a private CA: the JDK's CAs plus the certificates of the PEM files given
 * in {@code caCertificates} (several per file allowed), in one trust store. Host names are still checked.
 */
public final class CaCertificates {

    private CaCertificates() {}

    /** An SSL context trusting the JDK's CAs and those in {@code pemFiles}; {@code null} when none given. */
    public static SSLContext sslContext(List<Path> pemFiles) {
        if (pemFiles.isEmpty()) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate jdk : jdkDefaults().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, jdk);
            }
            for (Path file : pemFiles) {
                for (Certificate extra : read(file)) {
                    store.setCertificateEntry("extra-" + n++, extra);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
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

    private static X509TrustManager jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
