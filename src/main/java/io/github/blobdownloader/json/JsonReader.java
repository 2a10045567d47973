package io.github.blobdownloader.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A strict RFC 8259 reader of UTF-8 bytes into Jackson's trees, the nodes Jackson's own parser would make
 * for them (ints, longs and big integers by size, doubles for fractions). One small class instead of
 * Jackson's parser, whose factory, symbol tables and feature sets are some 90 classes and 25 ms of a fresh
 * JVM: every goal reads a manifest or a report first thing.
 *
 * <p>Like a mapper's {@code readTree}, it reads the first value and ignores what follows it, except that a
 * number at the top level must be followed by whitespace or the end. Refused: comments,
 * single quotes, trailing commas, {@code NaN}, leading zeros, control characters in strings, bad escapes,
 * numbers of more than {@value #MAX_NUMBER_LENGTH} digits and names of more than {@value #MAX_NAME_LENGTH}
 * characters (Jackson's limits; parsing a huge integer costs quadratic time). Refused here but read by
 * Jackson: nesting deeper than {@value #MAX_DEPTH}, UTF-16 and UTF-32 input, and malformed UTF-8 in strings
 * (overlong forms, encoded surrogates, code points past U+10FFFF), which Jackson decodes into garbage.
 */
final class JsonReader {

    /** Nesting beyond this is no document the plugin reads: refused rather than recursed into. */
    static final int MAX_DEPTH = 256;

    /** Jackson's limits: digits of a number, characters of a field name. */
    static final int MAX_NUMBER_LENGTH = 1000;

    static final int MAX_NAME_LENGTH = 50_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final byte[] in;
    private int pos;

    private JsonReader(byte[] in) {
        this.in = in;
    }

    /** The first value of {@code bytes}; {@link MissingNode} when there is nothing but whitespace. */
    static JsonNode read(byte[] bytes) throws JsonSyntaxException {
        JsonReader reader = new JsonReader(bytes);
        if (reader.skipByteOrderMark() && bytes.length == 3) {
            // as Jackson, which takes three bytes for a mark only when more follow
            throw new JsonSyntaxException("a byte order mark and nothing else", 0);
        }
        if (reader.skipWhitespace() < 0) {
            return MissingNode.getInstance();
        }
        JsonNode value = reader.value(0);
        // as Jackson: a number at the top level must end there; after anything else what follows is not read
        if (value.isNumber() && reader.pos < bytes.length && !isWhitespace(bytes[reader.pos])) {
            throw reader.unexpected();
        }
        return value;
    }

    private boolean skipByteOrderMark() {
        if (in.length >= 3 && (in[0] & 0xff) == 0xef && (in[1] & 0xff) == 0xbb && (in[2] & 0xff) == 0xbf) {
            pos = 3;
            return true;
        }
        return false;
    }

    private JsonNode value(int depth) throws JsonSyntaxException {
        int c = skipWhitespace();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                pos++;
                return TextNode.valueOf(string());
            case 't':
                literal("true");
                return BooleanNode.TRUE;
            case 'f':
                literal("false");
                return BooleanNode.FALSE;
            case 'n':
                literal("null");
                return NullNode.getInstance();
            case -1:
                throw endOfInput();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw unexpected();
        }
    }

    private ObjectNode object(int depth) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        ObjectNode object = NODES.objectNode();
        if (skipWhitespace() == '}') {
            pos++;
            return object;
        }
        while (true) {
            int c = skipWhitespace();
            if (c != '"') {
                throw c < 0 ? endOfInput() : unexpected("a field name in double quotes");
            }
            pos++;
            int nameStart = pos;
            String name = string();
            if (name.length() > MAX_NAME_LENGTH) {
                throw new JsonSyntaxException(
                        "a field name of " + name.length() + " characters (more than " + MAX_NAME_LENGTH + ")",
                        nameStart);
            }
            c = skipWhitespace();
            if (c != ':') {
                throw c < 0 ? endOfInput() : unexpected("':'");
            }
            pos++;
            // a name given twice keeps its place and takes the last value, as a mapper's tree does
            object.set(name, value(depth));
            if (endsAfterMember('}')) {
                return object;
            }
        }
    }

    private ArrayNode array(int depth) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        ArrayNode array = NODES.arrayNode();
        if (skipWhitespace() == ']') {
            pos++;
            return array;
        }
        while (true) {
            array.add(value(depth));
            if (endsAfterMember(']')) {
                return array;
            }
        }
    }

    /** After a member or element: {@code close} ends the container, a comma means another; else a refusal. */
    private boolean endsAfterMember(char close) throws JsonSyntaxException {
        int c = skipWhitespace();
        pos++;
        if (c == close) {
            return true;
        }
        if (c != ',') {
            pos--;
            throw c < 0 ? endOfInput() : unexpected("',' or '" + close + "'");
        }
        return false;
    }

    private void checkDepth(int depth) throws JsonSyntaxException {
        if (depth > MAX_DEPTH) {
            throw new JsonSyntaxException("nested deeper than " + MAX_DEPTH + " levels", pos);
        }
    }

    /** The string whose opening quote was just read; {@code pos} ends after its closing quote. */
    private String string() throws JsonSyntaxException {
        int start = pos;
        // the common case: printable ASCII without escapes, made in one go
        for (int i = start; i < in.length; i++) {
            int b = in[i];
            if (b == '"') {
                pos = i + 1;
                return new String(in, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20 || b == '\\') { // negative: a byte of a multi-byte UTF-8 sequence
                break;
            }
        }
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos >= in.length) {
                throw endOfInput();
            }
            int b = in[pos] & 0xff;
            if (b == '"') {
                pos++;
                return text.toString();
            }
            if (b == '\\') {
                pos++;
                escape(text);
            } else if (b < 0x20) {
                throw new JsonSyntaxException("control character " + hex(b) + " in a string (it must be escaped)", pos);
            } else if (b < 0x80) {
                text.append((char) b);
                pos++;
            } else {
                text.appendCodePoint(utf8(b));
            }
        }
    }

    private void escape(StringBuilder text) throws JsonSyntaxException {
        if (pos >= in.length) {
            throw endOfInput();
        }
        int e = in[pos++];
        switch (e) {
            case '"', '\\', '/' -> text.append((char) e);
            case 'b' -> text.append('\b');
            case 'f' -> text.append('\f');
            case 'n' -> text.append('\n');
            case 'r' -> text.append('\r');
            case 't' -> text.append('\t');
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    if (pos >= in.length) {
                        throw endOfInput();
                    }
                    int digit = Character.digit(in[pos], 16);
                    if (digit < 0) {
                        throw new JsonSyntaxException("bad \\u escape: " + describe(in[pos]) + " is no hex digit", pos);
                    }
                    code = code * 16 + digit;
                    pos++;
                }
                // lone surrogates are kept, as Jackson keeps them: the text is only compared and written back
                text.append((char) code);
            }
            default -> throw new JsonSyntaxException("bad escape \\" + describe(e), pos - 1);
        }
    }

    /** One code point of a multi-byte UTF-8 sequence starting with {@code lead}, refusing malformed ones. */
    private int utf8(int lead) throws JsonSyntaxException {
        int length;
        int min;
        int code;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            min = 0x80;
            code = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            min = 0x800;
            code = lead & 0x0f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            min = 0x10000;
            code = lead & 0x07;
        } else {
            throw new JsonSyntaxException("invalid UTF-8 byte " + hex(lead), pos);
        }
        int start = pos;
        for (int i = 1; i < length; i++) {
            int b = start + i < in.length ? in[start + i] & 0xff : -1;
            if ((b & 0xc0) != 0x80) {
                throw new JsonSyntaxException("invalid UTF-8 sequence", start);
            }
            code = (code << 6) | (b & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            throw new JsonSyntaxException("invalid UTF-8 sequence", start);
        }
        pos = start + length;
        return code;
    }

    private JsonNode number() throws JsonSyntaxException {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int intStart = pos;
        int digits = digits("a digit");
        if (in[intStart] == '0' && pos - intStart > 1) {
            throw new JsonSyntaxException("leading zeros are not allowed in numbers", intStart);
        }
        boolean integral = true;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            digits += digits("a digit after the decimal point");
            integral = false;
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            digits += digits("a digit in the exponent");
            integral = false;
        }
        if (digits > MAX_NUMBER_LENGTH) {
            throw new JsonSyntaxException(
                    "a number of " + digits + " digits (more than " + MAX_NUMBER_LENGTH + ")", start);
        }
        int length = pos - start;
        if (pos < in.length && !isDelimiter(in[pos])) {
            throw unexpected();
        }
        String text = new String(in, start, length, StandardCharsets.ISO_8859_1);
        if (!integral) {
            return DoubleNode.valueOf(Double.parseDouble(text));
        }
        if (length <= 18) {
            long value = Long.parseLong(text);
            return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
        }
        BigInteger value = new BigInteger(text);
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0
                ? LongNode.valueOf(value.longValue())
                : BigIntegerNode.valueOf(value);
    }

    /** Skips the digits at {@code pos}, at least one, and says how many. */
    private int digits(String expected) throws JsonSyntaxException {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        if (pos == start) {
            throw pos >= in.length ? endOfInput() : unexpected(expected);
        }
        return pos - start;
    }

    private void literal(String word) throws JsonSyntaxException {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= in.length) {
                throw endOfInput();
            }
            if (in[pos] != word.charAt(i)) {
                throw unexpected("'" + word + "'");
            }
            pos++;
        }
        // "truer" is no literal; "true{" is one followed by something else, which is the caller's to judge
        if (pos < in.length && continuesAWord()) {
            throw unexpected();
        }
    }

    /** Whether the character at {@code pos} would make a literal a longer word, by Jackson's rule. */
    private boolean continuesAWord() {
        int b = in[pos] & 0xff;
        if (b < '0' || b == ']' || b == '}') {
            return false;
        }
        if (b < 0x80) {
            return Character.isJavaIdentifierPart((char) b);
        }
        int at = pos;
        try {
            // Jackson looks at the UTF-16 unit the bytes decode to
            return Character.isJavaIdentifierPart((char) utf8(b));
        } catch (JsonSyntaxException malformed) {
            return true;
        } finally {
            pos = at;
        }
    }

    /** The next byte that is not whitespace, {@code pos} at it; -1 at the end. */
    private int skipWhitespace() {
        while (pos < in.length && isWhitespace(in[pos])) {
            pos++;
        }
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean isDelimiter(byte b) {
        return isWhitespace(b) || b == ',' || b == ']' || b == '}';
    }

    private JsonSyntaxException endOfInput() {
        return new JsonSyntaxException("unexpected end of input", pos);
    }

    private JsonSyntaxException unexpected() {
        return new JsonSyntaxException("unexpected " + describe(in[pos]), pos);
    }

    private JsonSyntaxException unexpected(String expected) {
        return new JsonSyntaxException("unexpected " + describe(in[pos]) + " where " + expected + " was expected", pos);
    }

    /** A byte of hostile input, safe to print. */
    private static String describe(int b) {
        int u = b & 0xff;
        return u > 0x20 && u < 0x7f ? "'" + (char) u + "'" : hex(u);
    }

    private static String hex(int b) {
        return String.format("0x%02x", b & 0xff);
    }
}
