package io.github.blobdownloader.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemanticVersionTest {

    @Test
    void ordersNumericallyNotLexically() {
        assertTrue(v("1.10.0").compareTo(v("1.9.0")) > 0);
        assertTrue(v("2.0").compareTo(v("1.99.99")) > 0);
        assertTrue(v("v1.2.10").compareTo(v("1.2.9")) > 0);
    }

    @Test
    void releaseRanksAboveItsPrereleasesWhichFollowSemverPrecedence() {
        List<String> ascending = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0");
        List<String> shuffled = new ArrayList<>(ascending);
        Collections.shuffle(shuffled, new Random(7));
        List<String> sorted = shuffled.stream()
                .map(SemanticVersionTest::v)
                .sorted()
                .map(SemanticVersion::tag)
                .toList();
        assertEquals(ascending, sorted);
    }

    @Test
    void readsTwoAndThreePartVersionsWithOptionalV() {
        SemanticVersion two = v("v3.7");
        assertEquals(List.of(3L, 7L, 0L), List.of(two.major(), two.minor(), two.patch()));
        assertFalse(two.isPrerelease());
        assertTrue(v("2.0.0-rc.1").isPrerelease());
        assertEquals(List.of("rc", "1"), v("2.0.0-rc.1").prerelease());
    }

    @Test
    void tagsThatAreNotVersionsAreRejected() {
        for (String tag : List.of(
                "latest",
                "edge",
                "1",
                "v",
                "1.2.3.4",
                "1.2.x",
                "1.2.3-",
                "release-1.2.3",
                "1.2.3_build",
                "99999999999999999999.0")) {
            assertEquals(Optional.empty(), SemanticVersion.parse(tag), tag);
        }
    }

    @Test
    void equalVersionsWrittenDifferentlyHaveAFixedOrder() {
        assertTrue(v("1.2").compareTo(v("1.2.0")) != 0);
        assertEquals(
                Integer.signum(v("1.2").compareTo(v("v1.2.0"))),
                -Integer.signum(v("v1.2.0").compareTo(v("1.2"))));
    }

    private static SemanticVersion v(String tag) {
        return SemanticVersion.parse(tag).orElseThrow();
    }
}
