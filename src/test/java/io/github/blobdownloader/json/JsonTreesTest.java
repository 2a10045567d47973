package io.github.blobdownloader.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming trees read what a mapper reads and write what a mapper writes, byte for byte: the OCI
 * conversion's digests, the lock file and the reports must not change with the way they are produced.
 */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> documents() {
        return List.of(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                        + "a".repeat(64) + "\",\"size\":1234},\"layers\":[{\"mediaType\":\"x\",\"digest\":\"sha256:"
                        + "b".repeat(64)
                        + "\",\"size\":9007199254740993,\"annotations\":{\"t\":\"ü \\\"q\\\" \\u0001\"}}]}",
                "[1,-2,3.5,1e300,true,false,null,\"\",{},[],12345678901234567890123]",
                "{\"a\":{\"b\":{\"c\":[{\"d\":null}]}},\"a\":\"duplicate: the last wins\"}",
                "\"just a string\"",
                "42");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void readsWhatAMapperReads(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(MAPPER.readTree(bytes), JsonTrees.read(bytes));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void writesWhatAMapperWritesCompactAndIndented(String json) throws Exception {
        JsonNode tree = MAPPER.readTree(json);
        assertArrayEquals(MAPPER.writeValueAsBytes(tree), JsonTrees.compact(tree));
        assertArrayEquals(
                MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(tree),
                JsonTrees.pretty(tree));
    }

    @Test
    void builtTreesWriteAsAMapperWritesThem() throws Exception {
        ObjectNode root = JsonTrees.object();
        root.put("image", "registry.example/app")
                .put("tag", (String) null)
                .put("size", 5L)
                .put("n", 3);
        root.putArray("list").addObject().put("x", true);
        assertArrayEquals(
                (MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n")
                        .getBytes(StandardCharsets.UTF_8),
                JsonTrees.prettyFile(root));
    }

    @Test
    void emptyInputIsMissingAndBrokenInputIsAJsonError() throws Exception {
        assertTrue(JsonTrees.read(new byte[0]).isMissingNode());
        assertThrows(JsonProcessingException.class, () -> JsonTrees.read("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(JsonProcessingException.class, () -> JsonTrees.read("{\"a\" 1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(JsonProcessingException.class, () -> JsonTrees.read(deep.getBytes(StandardCharsets.UTF_8)));
    }
}
