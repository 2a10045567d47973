package io.github.blobdownloader.http;

import io.github.blobdownloader.Log;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retries what may succeed on another attempt: lost connections and timeouts, the statuses of
 * {@link RetryPolicy#isRetryable}, and bodies of content-addressed requests that break off, which are
 * resumed with {@code Range} from where they broke. One budget of {@link RetryPolicy#attempts()} per request
 * covers all three. A resumed attempt that delivered at least {@link #PROGRESS_CREDIT} bytes costs nothing, so
 * a connection that drops every few hundred MB still completes, while a server that trickles a few bytes
 * before each stall runs out of attempts in bounded time.
 */
public final class RetryingTransport implements HttpTransport {

    /** An attempt that delivered this much moved the transfer on and is not counted. */
    static final long PROGRESS_CREDIT = 1 << 20;

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpTransport next;
    private final RetryPolicy policy;
    private final Log log;

    public RetryingTransport(HttpTransport next, RetryPolicy policy, Log log) {
        this.next = next;
        this.policy = policy;
        this.log = log;
    }

    public RetryPolicy policy() {
        return policy;
    }

    @Override
    public HttpResponse send(HttpRequest request) throws IOException {
        Budget budget = new Budget();
        HttpResponse response = attempt(request, budget, 0);
        int status = response.statusCode();
        if (request.contentAddressed() && request.method().equals("GET") && (status == 200 || status == 206)) {
            long start = status == 206 ? rangeStart(response).orElse(0L) : 0;
            return response.withBody(new ResumingBody(request, response.body(), start, budget));
        }
        return response.withAttempts(budget.used);
    }

    /** Sends until an answer that is not worth retrying, or the budget is spent. */
    private HttpResponse attempt(HttpRequest request, Budget budget, long received) throws IOException {
        // A POST (the OAuth2 refresh grant) may have been acted on though its answer was lost or failed: a token
        // service that rotates refresh tokens would refuse it the second time. It is sent again only when it
        // never left (no connection could be made).
        boolean repeatable = !request.method().equals("POST");
        while (true) {
            budget.used++;
            HttpResponse response;
            try {
                response = next.send(request);
            } catch (IOException e) {
                // a POST is sent again only when it never left: no connection, or none that finished its handshake
                boolean retryable = Failures.isTransient(e)
                        && (repeatable
                                || e instanceof java.net.ConnectException
                                || e instanceof HandshakeHangUpException);
                if (!retryable
                        || budget.used >= policy.attempts()
                        || Thread.currentThread().isInterrupted()) {
                    throw budget.used > 1 ? new GaveUpException(e, budget.used, received) : e;
                }
                Duration wait = policy.backoff(budget.used);
                log.warn("Retrying " + request + " in " + wait.toMillis() + " ms (attempt " + (budget.used + 1) + " of "
                        + policy.attempts() + "): " + Failures.describe(e));
                RetryPolicy.pause(wait);
                continue;
            }
            int status = response.statusCode();
            if (!repeatable || !RetryPolicy.isRetryable(status) || budget.used >= policy.attempts()) {
                return response.withAttempts(budget.used);
            }
            Duration wait =
                    retryAfter(response).map(policy::capRetryAfter).orElseGet(() -> policy.backoff(budget.used));
            response.discard();
            log.warn(request.uri().getHost() + " answered " + status + " for " + request + "; retrying in "
                    + wait.toMillis() + " ms (attempt " + (budget.used + 1) + " of " + policy.attempts() + ")");
            RetryPolicy.pause(wait);
        }
    }

    /** Attempts used by one request, its resumes included. */
    private static final class Budget {
        int used;
    }

    /**
     * A body that resumes itself: when the stream breaks, the request is sent again with
     * {@code Range: bytes=<next>-} and reading goes on. A server that ignores the range is read from the start
     * and the bytes already delivered are skipped (the content is the same: it is addressed by its digest).
     */
    private final class ResumingBody extends BodyStream implements SplicedBody {
        private final HttpRequest request;
        private final Budget budget;
        private InputStream current;
        /** Offset of the next byte in the whole content. */
        private long offset;
        /** Offset where the current attempt began. */
        private long attemptStart;

        private boolean closed;
        private boolean resumed;

        ResumingBody(HttpRequest request, InputStream first, long start, Budget budget) {
            this.request = request;
            this.current = first;
            this.offset = start;
            this.attemptStart = start;
            this.budget = budget;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                try {
                    int n = current.read(b, off, len);
                    if (n > 0) {
                        offset += n;
                    }
                    return n;
                } catch (IOException e) {
                    if (closed || Thread.currentThread().isInterrupted() || !Failures.isTransient(e)) {
                        throw e;
                    }
                    resume(e);
                }
            }
        }

        private void resume(IOException broke) throws IOException {
            closeQuietly(current);
            boolean progressed = offset - attemptStart >= PROGRESS_CREDIT;
            if (progressed) {
                budget.used = Math.max(0, budget.used - 1); // this attempt moved the transfer on: it is free
            }
            if (budget.used >= policy.attempts()) {
                throw new GaveUpException(broke, budget.used, offset);
            }
            Duration wait = policy.backoff(Math.max(1, budget.used));
            log.warn("Transfer of " + request + " broke off at byte " + offset + " (" + Failures.describe(broke)
                    + "); resuming in " + wait.toMillis() + " ms (attempt " + (budget.used + 1) + " of "
                    + policy.attempts() + ")");
            RetryPolicy.pause(wait);
            HttpResponse response;
            try {
                response = attempt(request.withHeader("Range", "bytes=" + offset + "-"), budget, offset);
            } catch (GaveUpException e) {
                throw e;
            } catch (IOException e) {
                throw new GaveUpException(e, budget.used, offset);
            }
            attemptStart = offset;
            resumed = true;
            int status = response.statusCode();
            if (status == 206 && rangeStart(response).orElse(-1L) == offset) {
                current = response.body();
                return;
            }
            if (status == 206) {
                log.info("The server answered the resume of " + request + " with another range ("
                        + response.headers().firstValue("Content-Range").orElse("none") + "); reading it whole");
                response.discard();
                try {
                    response = attempt(request, budget, offset);
                } catch (GaveUpException e) {
                    throw e;
                } catch (IOException e) {
                    throw new GaveUpException(e, budget.used, offset);
                }
                status = response.statusCode();
            }
            if (status == 200) {
                // The range was ignored: read from the start and drop what was delivered already.
                log.info("The server ignored the range request to resume " + request + " at byte " + offset
                        + "; reading from the start");
                InputStream full = response.body();
                long skipped = 0;
                byte[] sink = new byte[64 * 1024];
                try {
                    while (skipped < offset) {
                        int n = full.read(sink, 0, (int) Math.min(sink.length, offset - skipped));
                        if (n < 0) {
                            throw new GaveUpException(
                                    new IOException(
                                            "the server's answer to the resume ended" + " after " + skipped + " bytes"),
                                    budget.used,
                                    offset);
                        }
                        skipped += n;
                    }
                } catch (IOException e) {
                    // Not yet the reader's stream, so nobody else would close it (and drop its connection).
                    closeQuietly(full);
                    throw e;
                }
                current = full;
                return;
            }
            response.discard();
            throw new GaveUpException(
                    new IOException("the server answered " + status + " to the resume at byte " + offset),
                    budget.used,
                    offset);
        }

        @Override
        public boolean spliced() {
            return resumed;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            current.close();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the broken connection is dropped either way
        }
    }

    /** The first byte's offset in a {@code 206}'s {@code Content-Range}. */
    public static Optional<Long> rangeStart(HttpResponse response) {
        Optional<String> range = response.headers().firstValue("Content-Range");
        if (range.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(range.get().trim());
        try {
            return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse response) {
        Optional<String> value = response.headers().firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.get())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(ZonedDateTime.now(when.getZone()), when));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
