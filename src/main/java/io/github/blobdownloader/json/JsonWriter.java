package io.github.blobdownloader.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes Jackson's trees as UTF-8, byte for byte as a mapper does: compact, or in the layout of its
 * {@code INDENT_OUTPUT} (two spaces a level, {@code " : "} after names, arrays on one line as
 * {@code [ 1, 2 ]}, empty ones as {@code { }} and {@code [ ]}), except that lines always end in {@code \n}
 * (Jackson uses the platform's separator) and that a {@code POJONode} is refused (only a mapper can write
 * one). Binary nodes are written as Base64 and missing ones as {@code null}, as a mapper does. The
 * escapes are Jackson's: {@code \" \\ \b \t \f \n \r}, <code>&#92;uXXXX</code> for other control characters
 * and for both halves of a surrogate pair (Jackson 2.18 does not combine them into UTF-8 by default), nothing
 * else; non-finite numbers are written as strings, as Jackson's {@code QUOTE_NON_NUMERIC_NUMBERS} does.
 */
final class JsonWriter {

    /** Jackson's bound: no tree the plugin builds comes near it. */
    private static final int MAX_DEPTH = 1000;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    static byte[] write(JsonNode node, boolean pretty) {
        JsonWriter writer = new JsonWriter(pretty);
        writer.value(node, 0, 0);
        return writer.out.toByteArray();
    }

    /** @param level of indentation (arrays add none), {@code depth} of nesting */
    private void value(JsonNode node, int level, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("cannot write JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isObject()) {
            object(node, level, depth);
        } else if (node.isArray()) {
            array(node, level, depth);
        } else if (node.isTextual()) {
            string(node.textValue());
        } else if (node.isInt() || node.isLong() || node.isShort()) {
            ascii(Long.toString(node.longValue()));
        } else if (node.isBigInteger()) {
            ascii(node.bigIntegerValue().toString());
        } else if (node instanceof DecimalNode) {
            ascii(node.decimalValue().toString());
        } else if (node.isFloat()) {
            number(Float.toString(node.floatValue()), Float.isFinite(node.floatValue()));
        } else if (node.isNumber()) {
            number(Double.toString(node.doubleValue()), Double.isFinite(node.doubleValue()));
        } else if (node.isBoolean()) {
            ascii(node.booleanValue() ? "true" : "false");
        } else if (node.isNull() || node.isMissingNode()) {
            ascii("null");
        } else if (node.isBinary()) {
            try {
                string(Base64.getEncoder().encodeToString(node.binaryValue()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " JSON node");
        }
    }

    private void object(JsonNode node, int level, int depth) {
        out.write('{');
        int inner = level + 1;
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!first) {
                out.write(',');
            }
            first = false;
            if (pretty) {
                newLine(inner);
            }
            string(field.getKey());
            if (pretty) {
                ascii(" : ");
            } else {
                out.write(':');
            }
            value(field.getValue(), inner, depth + 1);
        }
        if (pretty) {
            if (first) {
                out.write(' ');
            } else {
                newLine(level);
            }
        }
        out.write('}');
    }

    /** Arrays stay on their line in the indented form; an object in one indents from the array's level. */
    private void array(JsonNode node, int level, int depth) {
        out.write('[');
        boolean first = true;
        for (JsonNode element : node) {
            if (!first) {
                out.write(',');
            }
            if (pretty) {
                out.write(' ');
            }
            first = false;
            value(element, level, depth + 1);
        }
        if (pretty) {
            out.write(' ');
        }
        out.write(']');
    }

    /** NaN and the infinities are no JSON numbers: written as strings, as Jackson does by default. */
    private void number(String text, boolean finite) {
        if (finite) {
            ascii(text);
        } else {
            string(text);
        }
    }

    private void newLine(int level) {
        out.write('\n');
        for (int i = 0; i < level; i++) {
            out.write(' ');
            out.write(' ');
        }
    }

    private void string(String s) {
        out.write('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"' -> escaped('"');
                    case '\\' -> escaped('\\');
                    case '\b' -> escaped('b');
                    case '\t' -> escaped('t');
                    case '\f' -> escaped('f');
                    case '\n' -> escaped('n');
                    case '\r' -> escaped('r');
                    default -> {
                        if (c < 0x20) {
                            unicodeEscape(c);
                        } else {
                            out.write(c);
                        }
                    }
                }
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // both halves of a pair escaped, as Jackson writes characters beyond U+FFFF by default
                unicodeEscape(c);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3f));
                out.write(0x80 | (c & 0x3f));
            }
        }
        out.write('"');
    }

    private void escaped(char c) {
        out.write('\\');
        out.write(c);
    }

    private void unicodeEscape(char c) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xf]);
        out.write(HEX[(c >> 8) & 0xf]);
        out.write(HEX[(c >> 4) & 0xf]);
        out.write(HEX[c & 0xf]);
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
