package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PluginDescriptorTest {

    /** The {@code <parameters>} block of one goal in the plugin descriptor Maven reads. */
    private static String parametersOf(String goal) throws IOException {
        String descriptor;
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IOException("no plugin descriptor on the test class path: run mvn process-classes first");
            }
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile(
                        "<mojo>\\s*<goal>" + goal + "</goal>.*?<parameters>(.*?)</parameters>", Pattern.DOTALL)
                .matcher(descriptor);
        assertTrue(m.find(), "goal " + goal + " in plugin.xml");
        return m.group(1);
    }

    /**
     * help:describe reads descriptions as HTML and drops anything in angle brackets, and an unclosed brace in
     * Javadoc breaks the text: parameter descriptions name elements in prose.
     */
    @Test
    void descriptionsRenderAsPlainText() throws IOException {
        for (String goal : new String[] {"download", "inspect", "tags"}) {
            Matcher m = Pattern.compile("<description>(.*?)</description>", Pattern.DOTALL)
                    .matcher(parametersOf(goal));
            while (m.find()) {
                String text = m.group(1);
                assertFalse(
                        text.contains("&lt;") || text.contains("{@") || text.contains("${project.build.directory/"),
                        goal + ": " + text);
            }
        }
    }

    @Test
    void onlyTheGoalsThatPullATagOfferTag() throws IOException {
        assertFalse(parametersOf("tags").contains("<name>tag</name>"), "tags lists every tag: no tag parameter");
        assertTrue(parametersOf("download").contains("<name>tag</name>"));
        assertTrue(parametersOf("inspect").contains("<name>tag</name>"));
        assertTrue(parametersOf("tags").contains("<name>tagStrategy</name>"));
    }
}
