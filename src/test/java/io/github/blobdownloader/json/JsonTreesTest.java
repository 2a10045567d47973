package io.github.blobdownloader.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
                "42",
                " \t\r\n{ \"a\" : [ 1 , { \"b\" : [ ] , \"c\" : { } } ] }\n",
                "{\"esc\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u001f \\u007f \\u00e9 \\u20AC \\ud83d\\ude00\"}",
                "{\"utf8\":\"é € 😀 \u007f\",\"é\":1}",
                "[0,-0,2147483647,2147483648,-2147483648,-2147483649,9223372036854775807,9223372036854775808,"
                        + "-9223372036854775808,-9223372036854775809,1.0,-0.0,1E3,1e-3,2.5E+10,1e400]",
                "[[[{\"deep\":[{\"x\":[[]]}]}]]]",
                "{\"a\":1}trailing text after a complete object is not read");
    }

    /** What a mapper refuses, the reader refuses. */
    static List<String> notJson() {
        return List.of(
                "{\"a\":",
                "{\"a\" 1}",
                "{\"a\":1,}",
                "[1,]",
                "[1 2]",
                "{a:1}",
                "{'a':1}",
                "// comment\n{}",
                "[01]",
                "[1.]",
                "[.5]",
                "[+1]",
                "[1e]",
                "[-]",
                "[NaN]",
                "[tru]",
                "[truex]",
                "[nul]",
                "\"unterminated",
                "\"tab\tinside\"",
                "\"bad \\x escape\"",
                "\"bad \\u12G4 escape\"",
                "42x",
                "truer",
                "{\"a\":1",
                "[");
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void refusesWhatAMapperRefuses(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThrows(Exception.class, () -> MAPPER.readTree(bytes), "the mapper accepts " + text);
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonTrees.read(bytes), text);
        assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
    }

    @Test
    void malformedUtf8IsRefused() {
        byte[][] broken = {
            {'"', (byte) 0xc3, '"'}, // a lead byte without its continuation
            {'"', (byte) 0x80, '"'}, // a continuation byte alone
            {'"', (byte) 0xc0, (byte) 0xaf, '"'}, // an overlong '/'
            {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // an encoded surrogate
            {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // past U+10FFFF
            {'"', (byte) 0xff, '"'},
        };
        for (byte[] bytes : broken) {
            assertThrows(JsonSyntaxException.class, () -> JsonTrees.read(bytes));
        }
    }

    @Test
    void aByteOrderMarkIsSkippedAndWhitespaceAloneIsMissing() throws Exception {
        byte[] withBom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '"', 'a', '"', ':', '1', '}'};
        assertEquals(MAPPER.readTree("{\"a\":1}"), JsonTrees.read(withBom));
        assertTrue(JsonTrees.read(" \n\t".getBytes(StandardCharsets.UTF_8)).isMissingNode());
    }

    @Test
    void numbersAreBoundedInLength() throws Exception {
        String longest = "1".repeat(1000);
        assertEquals(MAPPER.readTree(longest + " "), JsonTrees.read((longest + " ").getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                JsonSyntaxException.class,
                () -> JsonTrees.read(("[" + longest + "1]").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void loneSurrogatesAreReadAndWrittenBackEscapedAsAMapperDoes() throws Exception {
        byte[] bytes = "[\"\\ud800 x\",{\"\\udc00\":1}]".getBytes(StandardCharsets.UTF_8);
        JsonNode tree = JsonTrees.read(bytes);
        assertEquals(MAPPER.readTree(bytes), tree);
        assertEquals("\ud800 x", tree.get(0).textValue());
        assertArrayEquals(MAPPER.writeValueAsBytes(tree), JsonTrees.compact(tree));
        assertEquals("[\"\\uD800 x\",{\"\\uDC00\":1}]", new String(JsonTrees.compact(tree), StandardCharsets.UTF_8));
    }

    @Test
    void binaryAndMissingNodesAreWrittenAsAMapperWritesThem() throws Exception {
        ArrayNode array = JsonTrees.array().add(new byte[] {1, 2, 3, -1, -2}).add(new byte[0]);
        array.add(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        assertArrayEquals(MAPPER.writeValueAsBytes(array), JsonTrees.compact(array));
    }

    @Test
    void theRedTeamsEdgesAgreeWithAMapper() throws Exception {
        // after a top-level literal Jackson only refuses what would continue a Java identifier
        for (String text : List.of("true$", "null$ ", "false\u00a0", "true\u2028", "true\ud83d\ude00", "true{r")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(MAPPER.readTree(bytes), JsonTrees.read(bytes), text);
        }
        for (String text : List.of("true\u007f", "null\u00e9", "falsex", "true1")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThrows(Exception.class, () -> MAPPER.readTree(bytes), text);
            assertThrows(JsonSyntaxException.class, () -> JsonTrees.read(bytes), text);
        }
        // a byte order mark alone is not an empty document
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        assertThrows(Exception.class, () -> MAPPER.readTree(bom));
        assertThrows(JsonSyntaxException.class, () -> JsonTrees.read(bom));
        // names are bounded at 50,000 characters, numbers at 1,000 digits (signs and points not counted)
        String name = "{\"" + "a".repeat(50_000) + "\":1}";
        assertEquals(MAPPER.readTree(name), JsonTrees.read(name.getBytes(StandardCharsets.UTF_8)));
        String longer = "{\"" + "a".repeat(50_001) + "\":1}";
        assertThrows(Exception.class, () -> MAPPER.readTree(longer));
        assertThrows(JsonSyntaxException.class, () -> JsonTrees.read(longer.getBytes(StandardCharsets.UTF_8)));
        for (String number : List.of("-" + "9".repeat(1000), "1." + "5".repeat(999), "1e-" + "5".repeat(998))) {
            assertEquals(MAPPER.readTree(number), JsonTrees.read(number.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void treesTooDeepToWriteAreRefusedBeforeTheStackRunsOut() {
        ArrayNode root = JsonTrees.array();
        ArrayNode inner = root;
        for (int i = 0; i < 100_000; i++) {
            inner = inner.addArray();
        }
        assertThrows(IllegalArgumentException.class, () -> JsonTrees.compact(root));
    }

    @Test
    void nonFiniteDoublesAreWrittenAsAMapperWritesThem() throws Exception {
        ArrayNode array =
                JsonTrees.array().add(Double.POSITIVE_INFINITY).add(Double.NaN).add(1.5f);
        array.add(new java.math.BigDecimal("1.50")).add((short) 3);
        assertArrayEquals(MAPPER.writeValueAsBytes(array), JsonTrees.compact(array));
        assertArrayEquals(
                MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(array),
                JsonTrees.pretty(array));
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
        assertThrows(JsonSyntaxException.class, () -> JsonTrees.read("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(JsonSyntaxException.class, () -> JsonTrees.read("{\"a\" 1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(JsonSyntaxException.class, () -> JsonTrees.read(deep.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Documents from the other tests with random bytes changed, dropped or repeated: wherever a mapper reads
     * one, the reader reads the same tree, and wherever a mapper refuses one, the reader refuses it.
     */
    @Test
    void agreesWithAMapperOnMangledDocuments() throws Exception {
        java.util.Random random = new java.util.Random(20261201);
        List<String> seeds = new java.util.ArrayList<>(documents());
        seeds.addAll(notJson());
        byte[] alphabet = "{}[]\",:.-+eE0123456789 \t\n\\/utrfalsnx\u00e9".getBytes(StandardCharsets.UTF_8);
        int compared = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] doc = seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream mangled = new java.io.ByteArrayOutputStream();
            for (byte b : doc) {
                int dice = random.nextInt(100);
                if (dice < 2) {
                    continue;
                } else if (dice < 4) {
                    mangled.write(alphabet[random.nextInt(alphabet.length)]);
                } else if (dice < 5) {
                    mangled.write(b);
                }
                mangled.write(b);
            }
            byte[] bytes = mangled.toByteArray();
            JsonNode expected;
            try {
                expected = MAPPER.readTree(bytes);
            } catch (Exception refused) {
                expected = null;
            }
            if (expected == null) {
                assertThrows(
                        JsonSyntaxException.class,
                        () -> JsonTrees.read(bytes),
                        () -> new String(bytes, StandardCharsets.UTF_8));
            } else {
                JsonNode actual;
                try {
                    actual = JsonTrees.read(bytes);
                } catch (JsonSyntaxException e) {
                    throw new AssertionError(
                            "refused what a mapper reads: " + new String(bytes, StandardCharsets.UTF_8), e);
                }
                assertEquals(expected, actual, () -> new String(bytes, StandardCharsets.UTF_8));
                compared++;
            }
        }
        assertTrue(compared > 1000, "only " + compared + " mangled documents were JSON");
    }
}
