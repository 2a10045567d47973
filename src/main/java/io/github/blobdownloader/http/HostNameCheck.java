package io.github.blobdownloader.http;

import io.github.blobdownloader.UntrustedText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Whether a server's certificate is issued for the host the plugin connected to. The plugin checks this itself,
 * after the handshake and before a request is sent, so that both TLS engines apply one rule, the one Docker,
 * containerd and Go apply: the host must be among the certificate's subject alternative names, an address as
 * an IP address entry, a name as a DNS entry compared without regard to case, where {@code *} may stand for the
 * whole left-most label of a name with at least two labels after it (stricter than Go, which also lets
 * {@code *.com} stand for any {@code .com} name). The subject's common name is not used
 * (RFC 6125; Go stopped accepting it in 2020). The JDK's own check, the alternative, also reads and indexes all
 * of the JDK's CA certificates on its first use, a noticeable part of a short build.
 */
final class HostNameCheck {

    private static final int DNS_NAME = 2;
    private static final int SHOWN_NAMES = 5;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern LAST_LABEL_NUMERIC = Pattern.compile("(.*\\.)?\\d+");

    private HostNameCheck() {}

    /** Fails, as a handshake failure with the reason as a {@link HostNameMismatchException}, unless it is. */
    static void verify(String host, SSLSession session) throws SSLHandshakeException {
        String problem;
        try {
            Certificate[] chain = session.getPeerCertificates();
            problem = chain.length > 0 && chain[0] instanceof X509Certificate leaf
                    ? mismatch(host, leaf)
                    : "the server sent no X.509 certificate";
        } catch (SSLPeerUnverifiedException e) {
            problem = "the server sent no certificate";
        }
        if (problem != null) {
            SSLHandshakeException failure = new SSLHandshakeException(problem);
            failure.initCause(new HostNameMismatchException(problem));
            throw failure;
        }
    }

    /** Why {@code leaf} is not issued for {@code host}, or {@code null} when it is. */
    static String mismatch(String host, X509Certificate leaf) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> dnsNames = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                if (name.size() >= 2 && name.get(0) instanceof Integer type && name.get(1) instanceof String value) {
                    if (type == DNS_NAME) {
                        dnsNames.add(value);
                    } else if (type == IP_ADDRESS) {
                        addresses.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return "its subject alternative names cannot be read (" + e.getMessage() + ")";
        }
        byte[] address = literalAddress(bare);
        if (address != null) {
            for (String entry : addresses) {
                byte[] named = literalAddress(entry);
                if (named != null && Arrays.equals(named, address)) {
                    return null;
                }
            }
            return "No subject alternative names matching IP address " + bare + " found; the certificate "
                    + (addresses.isEmpty() ? "names no IP address" : "names " + listed(addresses));
        }
        for (String pattern : dnsNames) {
            if (matches(pattern, bare)) {
                return null;
            }
        }
        return "No subject alternative DNS name matching " + bare + " found; the certificate "
                + (dnsNames.isEmpty()
                        ? "names no DNS name, and a name in its subject's CN is not accepted, by Docker and Go either"
                        : "names " + listed(dnsNames));
    }

    /** The certificate's names as the user's line shows them: printable, the first few. */
    private static String listed(List<String> names) {
        List<String> shown = new ArrayList<>();
        for (String name : names.subList(0, Math.min(names.size(), SHOWN_NAMES))) {
            shown.add(UntrustedText.printable(name));
        }
        return String.join(", ", shown)
                + (names.size() > SHOWN_NAMES ? " and " + (names.size() - SHOWN_NAMES) + " more" : "");
    }

    /**
     * A DNS name against one entry: equal without case and a final dot, or one whole left-most label for *; a
     * host whose last label is a number matches no entry.
     */
    static boolean matches(String pattern, String host) {
        String p = normalized(pattern);
        String h = normalized(host);
        // A host ending in a number is an address in some spelling ("10.1", "127.0.0.1."), never a DNS name.
        if (p.isEmpty()
                || h.isEmpty()
                || h.indexOf('*') >= 0
                || LAST_LABEL_NUMERIC.matcher(h).matches()) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return p.indexOf('*') < 0 && p.equals(h);
        }
        String suffix = p.substring(1);
        // At least two labels after the wildcard: "*.com" would stand for a whole top-level domain.
        if (suffix.indexOf('*') >= 0 || suffix.indexOf('.', 1) < 0 || !h.endsWith(suffix)) {
            return false;
        }
        String label = h.substring(0, h.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The bytes of an IPv4 or IPv6 literal, or {@code null} for anything else; never asks DNS. */
    private static byte[] literalAddress(String text) {
        if (IPV4.matcher(text).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255 || parts[i].length() > 1 && parts[i].startsWith("0")) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (text.indexOf(':') < 0) {
            return null;
        }
        try {
            // In brackets the JDK takes it for an IPv6 literal or refuses it; it never resolves it.
            return InetAddress.getByName("[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
