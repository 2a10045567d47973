package io.github.blobdownloader.http;

import io.github.blobdownloader.Setting;
import io.github.blobdownloader.UntrustedText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** What transport failures mean: which are worth another attempt, and how to say them in one clause. */
public final class Failures {

    private Failures() {}

    /** A failure another attempt may not repeat: lost connections, timeouts, stalls, a server restarting. */
    public static boolean isTransient(IOException e) {
        if (e instanceof UnknownHostException
                || e instanceof ProxyRefusedException
                || e instanceof RedirectException
                || e instanceof NotHttpException
                || e instanceof SSLHandshakeException
                || isCertificateProblem(e)) {
            return false;
        }
        return !(e instanceof InterruptedIOException) || e instanceof SocketTimeoutException;
    }

    /**
     * The server does not speak TLS (a plain HTTP server's answer to a handshake), as the JDK's TLS says it
     * ("Unsupported or unrecognized SSL message", "plaintext connection?") or BoringSSL does ("Unable to parse TLS
     * packet header", {@code WRONG_VERSION_NUMBER}).
     */
    public static boolean isPlaintextServer(IOException e) {
        if (!(e instanceof SSLException)) {
            return false;
        }
        String message = Objects.toString(e.getMessage(), "");
        return !isCertificateProblem(e)
                        && message.toLowerCase(java.util.Locale.ROOT).contains("plaintext")
                || message.contains("Unsupported or unrecognized")
                || message.contains("Unable to parse TLS packet header")
                || message.contains("WRONG_VERSION_NUMBER");
    }

    /** A certificate was checked and refused (a {@link CertificateException} in the cause chain). */
    public static boolean isCertificateRejection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isCertificateProblem(Throwable e) {
        return isCertificateRejection(e)
                || e instanceof SSLHandshakeException
                        && !Objects.toString(e.getMessage(), "").contains("plaintext");
    }

    /** The failure's own words, printable, with the cause's when it has none. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage()
                    : e.getClass().getSimpleName();
        }
        return UntrustedText.printable(message);
    }

    /**
     * One clause on why {@code hostPort} could not be used, and what to change: the host, TLS trust, the
     * timeout, or nothing (the failure's own words).
     */
    /**
     * Why a request failed at {@code hostPort}, a host the registry redirected it to (its storage, a CDN):
     * a TLS failure is explained as for a registry, anything else points at that host, not the registry.
     */
    public static String explainAtStorage(String hostPort, IOException e) {
        if (e instanceof SSLException ssl && !isPlaintextServer(e)) {
            return TlsFailures.explain(hostPort, ssl);
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + UntrustedText.printable(hostPort);
        }
        return describe(e) + "; the registry's storage (or its CDN) is failing or unreachable from here";
    }

    public static String explain(String hostPort, IOException e, java.time.Duration timeout) {
        if (e instanceof RedirectedFailure redirected) {
            return "the redirect to " + UntrustedText.printable(redirected.hostPort()) + " failed: "
                    + explainAtStorage(redirected.hostPort(), redirected.getCause());
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + UntrustedText.printable(hostPort) + "; check the registry in " + Setting.IMAGE
                    + " (" + Setting.IMAGE + ") or " + Setting.REGISTRY_URL;
        }
        if (e instanceof SSLException ssl && !isPlaintextServer(e)) {
            return TlsFailures.explain(hostPort, ssl);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return describe(e) + "; check that the registry is running and reachable";
        }
        if (e instanceof HandshakeHangUpException) {
            return describe(e) + "; if it does so every time, a proxy or firewall between may be cutting TLS to"
                    + " it, or the server refuses BoringSSL's hello: try " + Setting.TLS_ENGINE.is("jdk");
        }
        if (e instanceof TransferStalledException stalled) {
            return describe(e)
                    + (stalled.tooSlow()
                            ? "; lower " + Setting.LOW_SPEED_LIMIT + " for a slow" + " network"
                            : "; raise " + Setting.TIMEOUT + " for a slow network");
        }
        if (e instanceof SocketTimeoutException) {
            return describe(e) + "; raise " + Setting.TIMEOUT + " for a slow network";
        }
        return describe(e);
    }
}
