package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResultPropertiesTest {

    /** Every user property of every goal's parameters, read from the plugin descriptor Maven itself reads. */
    private static Set<String> parameterProperties() throws IOException {
        String descriptor;
        try (InputStream in = ResultPropertiesTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IOException("no plugin descriptor on the test class path: run mvn process-classes first");
            }
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> properties = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(blob\\.[^}]+)}").matcher(descriptor);
        while (m.find()) {
            properties.add(m.group(1));
        }
        return properties;
    }

    @Test
    void noOutputPropertySharesANameWithAParameter() throws IOException {
        Set<String> parameters = parameterProperties();
        assertTrue(
                parameters.contains("blob.tag") && parameters.contains("blob.image"), "descriptor read: " + parameters);
        for (String id : new String[] {null, "web", "tag", "digest", "result"}) {
            assertFalse(parameters.contains(ResultProperties.digest(id)), ResultProperties.digest(id));
            assertFalse(parameters.contains(ResultProperties.tag(id)), ResultProperties.tag(id));
        }
        for (String parameter : parameters) {
            assertFalse(
                    parameter.startsWith(ResultProperties.PREFIX),
                    parameter + " is under the prefix of the output properties");
        }
    }

    @Test
    void publishesDigestAndTagUnderTheResultPrefix() {
        ImageReference ref = ImageReference.parse("example.com/team/app:1.0@sha256:" + "a".repeat(64));
        Properties properties = new Properties();
        String logged = ResultProperties.publish(properties, null, ref);
        assertEquals("sha256:" + "a".repeat(64), properties.getProperty("blob.result.digest"));
        assertEquals("1.0", properties.getProperty("blob.result.tag"));
        assertEquals(2, properties.size());
        assertTrue(logged.contains("blob.result.tag=1.0"), logged);

        ResultProperties.publish(properties, "db", ref);
        assertEquals("1.0", properties.getProperty("blob.result.db.tag"));
    }
}
