package io.github.blobdownloader.http;

import io.github.blobdownloader.Setting;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLException;

/** Says why a TLS handshake with a registry failed, and what the user can do about it. */
public final class TlsFailures {

    private TlsFailures() {}

    /** One clause: the host, the reason, and both parameters that fix it. */
    public static String explain(String hostPort, SSLException e) {
        String reason = reason(e);
        if (reason == null) {
            return "TLS with " + hostPort + " failed (" + Failures.describe(e) + "); if the registry uses"
                    + " a private CA add it with " + Setting.CA_CERTIFICATES + ", or list " + hostPort
                    + " in " + Setting.INSECURE_REGISTRIES + " to skip verification";
        }
        return "the TLS certificate of " + hostPort + " is not trusted: " + reason + "; add the CA that signed it"
                + " with " + Setting.CA_CERTIFICATES.is("ca.pem") + ", or list " + hostPort
                + " in " + Setting.INSECURE_REGISTRIES + " to skip verification";
    }

    /** Unknown CA, name mismatch or expiry, from the cause chain; {@code null} when it is none of these. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "it has expired (" + t.getMessage() + ")";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "it is not valid yet (" + t.getMessage() + ")";
            }
            if (t instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "it has expired";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = Objects.toString(t.getMessage(), "").toLowerCase(Locale.ROOT);
            if (t instanceof CertPathBuilderException || message.contains("unable to find valid certification path")) {
                return "it is signed by a CA the JVM does not know (a private or self-signed CA)";
            }
            if (t instanceof CertificateException
                    && (message.contains("no subject alternative") || message.contains("no name matching"))) {
                return "it is not issued for this host name (" + t.getMessage() + ")";
            }
        }
        return null;
    }
}
