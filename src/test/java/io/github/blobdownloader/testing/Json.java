package io.github.blobdownloader.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Just enough JSON for the harness: escaping strings we write by hand, and pulling a string or
 * a string array out of small, trusted registry responses. Not a general parser on purpose, so
 * the harness stays dependency-free (usable from Groovy invoker scripts).
 */
public final class Json {

    private Json() {}

    /** Returns {@code values} as a JSON array of strings: {@code ["a","b"]}. */
    public static String array(List<String> values) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        values.forEach(v -> j.add(quote(v)));
        return j.toString();
    }

    /** Returns {@code value} as a quoted JSON string literal, escaped per RFC 8259. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Returns the first string value stored under {@code "key"} anywhere in {@code json}, or
     * {@code null} if absent or not a string. Only safe on documents whose shape is known.
     */
    public static String stringField(String json, String key) {
        int pos = valueStart(json, key, 0);
        while (pos >= 0) {
            if (json.charAt(pos) == '"') {
                return readString(json, pos, null);
            }
            pos = valueStart(json, key, pos);
        }
        return null;
    }

    /**
     * Returns the string array stored under the first {@code "key"} of {@code json}; an empty
     * list if the key is missing or its value is {@code null}.
     */
    public static List<String> stringArray(String json, String key) {
        List<String> out = new ArrayList<>();
        int pos = valueStart(json, key, 0);
        if (pos < 0 || json.charAt(pos) != '[') {
            return out;
        }
        int[] cursor = {pos + 1};
        while (true) {
            int i = skipWs(json, cursor[0]);
            char c = json.charAt(i);
            if (c == ']') {
                return out;
            } else if (c == ',') {
                cursor[0] = i + 1;
            } else if (c == '"') {
                out.add(readString(json, i, cursor));
            } else {
                throw new IllegalArgumentException("Not a string array under " + key + ": " + json);
            }
        }
    }

    /** Index of the first non-blank char of the value after {@code "key":}, searching from {@code from}. */
    private static int valueStart(String json, String key, int from) {
        String needle = quote(key);
        int i = json.indexOf(needle, from);
        while (i >= 0) {
            int j = skipWs(json, i + needle.length());
            if (j < json.length() && json.charAt(j) == ':') {
                return skipWs(json, j + 1);
            }
            i = json.indexOf(needle, i + 1);
        }
        return -1;
    }

    private static int skipWs(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Reads the string literal starting at the quote at {@code start}; stores the end in {@code end[0]}. */
    private static String readString(String s, int start, int[] end) {
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> sb.append(e); // \" \\ \/
            }
        }
        if (end != null) {
            end[0] = i;
        }
        return sb.toString();
    }
}
