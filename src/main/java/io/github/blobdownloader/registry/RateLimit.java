package io.github.blobdownloader.registry;

import io.github.blobdownloader.http.Headers;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's pull quota as Docker Hub announces it: {@code ratelimit-limit: 100;w=21600} and
 * {@code ratelimit-remaining: 76;w=21600} (pulls per window of seconds).
 *
 * @param limit      pulls allowed per window, or -1 when not announced
 * @param remaining  pulls left in the window, or -1
 * @param window     the window in seconds, or -1
 * @param retryAfter seconds until another request may succeed ({@code Retry-After}), or -1
 */
record RateLimit(long limit, long remaining, long window, long retryAfter) {

    private static final Pattern VALUE = Pattern.compile("\\s*(\\d+)\\s*(?:;\\s*w\\s*=\\s*(\\d+))?.*");

    static Optional<RateLimit> of(Headers headers) {
        long[] limit = parse(headers.firstValue("RateLimit-Limit"));
        long[] remaining = parse(headers.firstValue("RateLimit-Remaining"));
        OptionalLong retryAfter = headers.firstValueAsLong("Retry-After");
        if (limit[0] < 0 && remaining[0] < 0 && retryAfter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new RateLimit(limit[0], remaining[0], Math.max(limit[1], remaining[1]), retryAfter.orElse(-1)));
    }

    /** {value, window}; -1 where absent. */
    private static long[] parse(Optional<String> header) {
        if (header.isEmpty()) {
            return new long[] {-1, -1};
        }
        Matcher m = VALUE.matcher(header.get());
        if (!m.matches()) {
            return new long[] {-1, -1};
        }
        try {
            return new long[] {Long.parseLong(m.group(1)), m.group(2) == null ? -1 : Long.parseLong(m.group(2))};
        } catch (NumberFormatException e) {
            return new long[] {-1, -1};
        }
    }

    /** Whether the registry announced a quota (not just a {@code Retry-After}). */
    boolean announced() {
        return limit >= 0 || remaining >= 0;
    }

    /** e.g. {@code 76 of 100 pulls left per 6 h}. */
    String describe() {
        StringBuilder s = new StringBuilder();
        if (remaining >= 0) {
            s.append(remaining).append(limit >= 0 ? " of " + limit : "").append(" pulls left");
        } else if (limit >= 0) {
            s.append("limit ").append(limit).append(" pulls");
        }
        if (window > 0) {
            s.append(" per ").append(duration(window));
        }
        return s.toString();
    }

    /** When another pull may succeed, for the message: {@code Retry-After}, else the window. */
    String reset() {
        if (retryAfter >= 0) {
            return "retry after " + duration(retryAfter);
        }
        return window > 0 ? "the quota resets within " + duration(window) : "the registry did not say when";
    }

    private static String duration(long seconds) {
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
