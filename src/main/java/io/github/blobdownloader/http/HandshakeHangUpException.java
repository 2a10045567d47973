package io.github.blobdownloader.http;

import java.net.SocketException;

/**
 * The server ended the connection in the middle of the TLS handshake, without an alert: a lost connection,
 * retried as one, but one that a server or something in between (a balancer, a firewall cutting TLS it does
 * not like) may also do every time.
 */
public final class HandshakeHangUpException extends SocketException {

    private static final long serialVersionUID = 1L;

    HandshakeHangUpException() {
        super("the server closed the connection during the TLS handshake");
    }
}
