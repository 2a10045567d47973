package io.github.blobdownloader.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** An in-memory exchange for testing one layer: answers in the order scripted, and records every request. */
public final class ScriptedTransport implements HttpTransport {

    /** One scripted step: an answer to build from the request, or a failure to throw. */
    @FunctionalInterface
    public interface Step {
        HttpResponse answer(HttpRequest request) throws IOException;
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<HttpRequest> requests = new ArrayList<>();

    public ScriptedTransport then(Step step) {
        steps.add(step);
        return this;
    }

    public ScriptedTransport thenStatus(int status, Map<String, String> headers, String body) {
        return then(request -> response(request, status, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    public ScriptedTransport thenFail(IOException failure) {
        return then(request -> {
            throw failure;
        });
    }

    public List<HttpRequest> requests() {
        return requests;
    }

    @Override
    public synchronized HttpResponse send(HttpRequest request) throws IOException {
        requests.add(request);
        Step step = steps.poll();
        if (step == null) {
            throw new AssertionError("unscripted request " + request);
        }
        return step.answer(request);
    }

    public static HttpResponse response(HttpRequest request, int status, Map<String, String> headers, byte[] body) {
        return new HttpResponse(
                request,
                status,
                Headers.of(headers).with("Content-Length", Integer.toString(body.length)),
                new ByteArrayInputStream(body));
    }

    /** A body that delivers {@code bytes} and then fails with {@code failure}: a connection broken mid-body. */
    public static InputStream breaking(byte[] bytes, IOException failure) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= bytes.length) {
                    throw failure;
                }
                int n = Math.min(len, bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
