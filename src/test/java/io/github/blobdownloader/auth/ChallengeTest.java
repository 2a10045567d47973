package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void dockerBearerChallenge() {
        List<Challenge> c = Challenge.parseAll("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\"");

        assertEquals(List.of(new Challenge("bearer", Map.of("realm", "https://auth.example/token",
                "service", "registry.example", "scope", "repository:a/b:pull,push", "error", "insufficient_scope"))), c);
    }

    @Test
    void severalChallengesInOneValueWithEscapesAndCommasInQuotes() {
        List<Challenge> c = Challenge.parseAll("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\", now\","
                + " BASIC Realm=\"simple\" , Bearer realm=x");

        assertEquals(3, c.size());
        assertEquals(new Challenge("newauth", Map.of("realm", "apps", "type", "1", "title", "Login to \"apps\", now")),
                c.get(0));
        assertEquals(new Challenge("basic", Map.of("realm", "simple")), c.get(1));
        assertEquals(new Challenge("bearer", Map.of("realm", "x")), c.get(2));
    }

    @Test
    void token68IsSkippedAndEmptyInputGivesNothing() {
        assertEquals(List.of(new Challenge("negotiate", Map.of()), new Challenge("basic", Map.of("realm", "r"))),
                Challenge.parseAll("Negotiate abc123+/==, Basic realm=r"));
        assertEquals(List.of(), Challenge.parseAll(null));
        assertEquals(List.of(), Challenge.parseAll("  ,  "));
    }

    @Test
    void unterminatedQuoteKeepsWhatThereIs() {
        assertEquals(List.of(new Challenge("bearer", Map.of("realm", "https://a, b"))),
                Challenge.parseAll("Bearer realm=\"https://a, b"));
    }
}
