package io.github.blobdownloader.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"}.
 *
 * @param scheme lowercase scheme, e.g. {@code basic} or {@code bearer}
 * @param params auth-params with lowercase names; values unquoted and unescaped
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        params = Map.copyOf(params);
    }

    public String param(String name) {
        return params.get(name);
    }

    /**
     * Parses all challenges of one header value. Handles several challenges in one value, quoted strings
     * with escaped quotes and commas inside quotes, and token68 values (which are ignored).
     */
    public static List<Challenge> parseAll(String header) {
        List<Challenge> result = new ArrayList<>();
        if (header == null) {
            return result;
        }
        Lexer in = new Lexer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        // RFC 7235: a token68 may only come right after the scheme, before any comma.
        boolean token68Allowed = false;
        while (true) {
            if (in.skipSeparators()) {
                token68Allowed = false;
            }
            if (in.atEnd()) {
                break;
            }
            String token = in.token();
            if (token.isEmpty()) {
                in.pos++; // stray character: step over it rather than loop forever
                continue;
            }
            in.skip(" \t");
            if (!in.atEnd() && in.peek() == '=') {
                // name=value pair, or token68 ending with '=' padding
                int save = in.pos;
                in.pos++;
                in.skip(" \t");
                token68Allowed = false;
                if (scheme != null && !in.atEnd() && in.peek() != ',' && in.peek() != '=') {
                    String value = in.peek() == '"' ? in.quoted() : in.token();
                    params.put(token.toLowerCase(Locale.ROOT), value);
                    continue;
                }
                in.pos = save;
                while (!in.atEnd() && in.peek() == '=') {
                    in.pos++;
                }
                continue;
            }
            if (token68Allowed) {
                token68Allowed = false; // a token68 without padding: ignored like the padded kind
                continue;
            }
            // A bare token starts a new challenge.
            if (scheme != null) {
                result.add(new Challenge(scheme, params));
                params = new LinkedHashMap<>();
            }
            scheme = token.toLowerCase(Locale.ROOT);
            token68Allowed = true;
        }
        if (scheme != null) {
            result.add(new Challenge(scheme, params));
        }
        return result;
    }

    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        /** Skips blanks and commas; tells whether a comma was among them. */
        boolean skipSeparators() {
            boolean comma = false;
            while (!atEnd() && " \t,".indexOf(peek()) >= 0) {
                comma |= peek() == ',';
                pos++;
            }
            return comma;
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(peek()) >= 0) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && " \t,=\"".indexOf(peek()) < 0) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\' && !atEnd()) {
                    sb.append(s.charAt(pos++));
                } else if (c == '"') {
                    break;
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }
}
