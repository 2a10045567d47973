package io.github.blobdownloader.http;

import io.github.blobdownloader.Setting;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Says why a TLS handshake with a registry failed, and what the user can do about it. */
public final class TlsFailures {

    private static final Pattern BORINGSSL_REASON = Pattern.compile("OPENSSL_internal:([A-Z0-9_]+)");

    private TlsFailures() {}

    /** One clause: the host, the reason, and both parameters that fix it. */
    public static String explain(String hostPort, SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HostNameMismatchException mismatch) {
                return "the TLS certificate of " + hostPort + " is not issued for this host name ("
                        + mismatch.getMessage() + "); have it issued with the registry's host name among its"
                        + " subject alternative names, or list " + hostPort + " in "
                        + Setting.INSECURE_REGISTRIES + " to skip verification";
            }
        }
        String reason = reason(e);
        if (reason == null) {
            // BoringSSL refuses some servers the JDK's TLS still talks to (old TLS 1.2 suites, DHE); its own
            // message carries a native pointer and a build path, so only its reason code is shown.
            String boringSsl = boringSslReason(e);
            return "TLS with " + hostPort + " failed ("
                    + (boringSsl == null ? Failures.describe(e) : "BoringSSL: " + boringSsl) + "); "
                    + (boringSsl == null
                            ? ""
                            : "if the JDK's TLS can talk to it set " + Setting.TLS_ENGINE.is("jdk") + "; ")
                    + "if the registry uses a private CA add it with " + Setting.CA_CERTIFICATES + ", or list "
                    + hostPort + " in " + Setting.INSECURE_REGISTRIES + " to skip verification";
        }
        return "the TLS certificate of " + hostPort + " is not trusted: " + reason + "; add the CA that signed it"
                + " with " + Setting.CA_CERTIFICATES.is("ca.pem") + ", or list " + hostPort
                + " in " + Setting.INSECURE_REGISTRIES + " to skip verification";
    }

    /**
     * BoringSSL's reason code from the cause chain ({@code SSLV3_ALERT_HANDSHAKE_FAILURE} out of a message that
     * also holds a native pointer and a build path), or {@code null} when no message has one.
     */
    static String boringSslReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = BORINGSSL_REASON.matcher(Objects.toString(t.getMessage(), ""));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
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
        }
        return null;
    }
}
