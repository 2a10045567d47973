package io.github.blobdownloader.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON trees: Jackson's own {@link JsonNode}s, read and written by this package's {@link JsonReader} and
 * {@link JsonWriter}, never by Jackson's parser, generator or an {@code ObjectMapper}. A mapper's first use
 * loads about 420 classes (its configuration, type and serializer machinery), Jackson's streaming parser and
 * generator about 90 more than the trees' 35; in a fresh JVM reading a manifest took 37 ms through the
 * parser and 12 ms through the reader, and every goal starts by reading one. The output is what a mapper
 * writes for the trees, byte for byte (the pretty form is {@code INDENT_OUTPUT}'s, with {@code \n} lines).
 */
public final class JsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /**
     * The first JSON value in {@code bytes} (anything after an object or array is ignored, as a mapper's
     * {@code readTree} does); {@link MissingNode} for empty input.
     *
     * @throws JsonSyntaxException for input that is not JSON
     */
    public static JsonNode read(byte[] bytes) throws JsonSyntaxException {
        return JsonReader.read(bytes);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Compact UTF-8, as a mapper's {@code writeValueAsBytes}. */
    public static byte[] compact(JsonNode node) {
        return JsonWriter.write(node, false);
    }

    /** Indented UTF-8, as a mapper with {@code INDENT_OUTPUT}. */
    public static byte[] pretty(JsonNode node) {
        return JsonWriter.write(node, true);
    }

    /** {@link #pretty} with a final newline, for files people read and diff. */
    public static byte[] prettyFile(JsonNode node) {
        byte[] pretty = pretty(node);
        byte[] file = java.util.Arrays.copyOf(pretty, pretty.length + 1);
        file[pretty.length] = '\n';
        return file;
    }
}
