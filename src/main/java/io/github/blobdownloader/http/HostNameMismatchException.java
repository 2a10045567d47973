package io.github.blobdownloader.http;

import java.security.cert.CertificateException;

/** A server's certificate, trusted otherwise, is not issued for the host the plugin connected to. */
final class HostNameMismatchException extends CertificateException {

    private static final long serialVersionUID = 1L;

    HostNameMismatchException(String message) {
        super(message);
    }
}
