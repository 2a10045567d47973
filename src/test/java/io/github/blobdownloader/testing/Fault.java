package io.github.blobdownloader.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What {@link FaultProxy} does with a request a {@link FaultProxy.Rule} matched. A fault may forward the
 * request to the registry ({@link FaultProxy.Exchange#forward()}), change the answer, answer on its own, or
 * drop the connection. New kinds of trouble are new factory methods here (or lambdas in a test).
 */
@FunctionalInterface
public interface Fault {

    void handle(FaultProxy.Exchange exchange) throws IOException;

    /** Forwards the request and relays the registry's answer unchanged. */
    static Fault passThrough() {
        return exchange -> exchange.send(exchange.forward());
    }

    /** Relays the registry's answer with its body replaced by {@code change(body)}; Content-Length follows. */
    static Fault modifyBody(UnaryOperator<byte[]> change) {
        return exchange -> {
            FaultProxy.Upstream answer = exchange.forward();
            exchange.send(answer.withBody(change.apply(answer.body())));
        };
    }

    /** Inverts every bit of the body's byte at {@code offset}: same size, wrong digest. */
    static Fault flipByte(int offset) {
        return modifyBody(body -> flipped(body, offset));
    }

    /** Serves only the first {@code keep} bytes, with a Content-Length that says so. */
    static Fault truncateBody(int keep) {
        return modifyBody(body -> Arrays.copyOf(body, Math.min(keep, body.length)));
    }

    /** Serves {@code extra} after the real body, with a Content-Length that says so. */
    static Fault appendToBody(byte[] extra) {
        return modifyBody(body -> {
            byte[] longer = Arrays.copyOf(body, body.length + extra.length);
            System.arraycopy(extra, 0, longer, body.length, extra.length);
            return longer;
        });
    }

    /**
     * Sends the registry's headers with the full Content-Length, then only {@code keep} bytes of the body,
     * then closes the connection: a download broken off mid-body.
     */
    static Fault cutAfter(int keep) {
        return exchange -> exchange.sendPartially(exchange.forward(), keep);
    }

    /** Answers {@code status} itself with no extra headers. */
    static Fault status(int status) {
        return status(status, Map.of());
    }

    /** Answers {@code status} itself, with a distribution-style JSON error body; the registry is not asked. */
    static Fault status(int status, Map<String, List<String>> headers) {
        byte[] body = ("{\"errors\":[{\"code\":\"FAULT\",\"message\":\"injected " + status + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        return exchange -> exchange.send(new FaultProxy.Upstream(status, headers, body));
    }

    /** Closes the connection without answering. */
    static Fault closeConnection() {
        return FaultProxy.Exchange::drop;
    }

    /** Waits, then behaves like {@code then}: a slow or stalled registry. */
    static Fault delayed(Duration wait, Fault then) {
        return exchange -> {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.drop();
                return;
            }
            then.handle(exchange);
        };
    }

    /** A copy of {@code body} with the byte at {@code offset} inverted; what {@link #flipByte} serves. */
    static byte[] flipped(byte[] body, int offset) {
        byte[] copy = body.clone();
        copy[offset] = (byte) ~copy[offset];
        return copy;
    }
}
