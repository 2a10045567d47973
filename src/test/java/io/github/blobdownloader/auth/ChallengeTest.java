package io.github.blobdownloader.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code WWW-Authenticate} parsing per RFC 7235 section 4.1. */
class ChallengeTest {

    @Test
    void dockerBearerChallenge() {
        List<Challenge> all = Challenge.parseAll("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");
        assertEquals(
                List.of(new Challenge(
                        "bearer",
                        Map.of(
                                "realm",
                                "https://auth.docker.io/token",
                                "service",
                                "registry.docker.io",
                                "scope",
                                "repository:library/alpine:pull"))),
                all);
    }

    @Test
    void severalChallengesInOneHeader() {
        List<Challenge> all = Challenge.parseAll(
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"");
        assertEquals(2, all.size(), all.toString());
        assertEquals("newauth", all.get(0).scheme());
        assertEquals("apps", all.get(0).param("realm"));
        assertEquals("1", all.get(0).param("type"));
        assertEquals("Login to \"apps\"", all.get(0).param("title"));
        assertEquals(new Challenge("basic", Map.of("realm", "simple")), all.get(1));
    }

    @Test
    void commasAndEqualsInsideQuotesStayInTheValue() {
        Challenge c = Challenge.parseAll("Bearer realm=\"https://h/token?a=1,b=2\",scope=\"repository:a/b:pull,push\"")
                .get(0);
        assertEquals("https://h/token?a=1,b=2", c.param("realm"));
        assertEquals("repository:a/b:pull,push", c.param("scope"));
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitive() {
        Challenge c = Challenge.parseAll("BEARER Realm=\"R\", SERVICE=Svc").get(0);
        assertEquals("bearer", c.scheme());
        assertEquals("R", c.param("realm"));
        assertEquals("Svc", c.param("service"), "values keep their case");
    }

    @Test
    void token68IsIgnored() {
        assertEquals(
                List.of(new Challenge("negotiate", Map.of()), new Challenge("basic", Map.of("realm", "r"))),
                Challenge.parseAll("Negotiate YIIBnQYGKwYBBQUCoIIBkTCCAY2gJDAi==, Basic realm=\"r\""));
        assertEquals(
                List.of(new Challenge("negotiate", Map.of()), new Challenge("basic", Map.of("realm", "r"))),
                Challenge.parseAll("Negotiate abc123, Basic realm=\"r\""),
                "token68 without padding");
        assertEquals(List.of(new Challenge("negotiate", Map.of())), Challenge.parseAll("Negotiate a/b+c.d~e=="));
    }

    @Test
    void bareSchemesAndOddSpacing() {
        assertEquals(
                List.of(new Challenge("basic", Map.of()), new Challenge("bearer", Map.of("realm", "x"))),
                Challenge.parseAll("Basic, Bearer  realm = \"x\" "));
        assertEquals(
                List.of(new Challenge("basic", Map.of("realm", "a b"))),
                Challenge.parseAll("\tBasic\trealm=\"a b\",,"));
    }

    @Test
    void headerEndingRightAfterATokenIsParsed() {
        assertEquals(List.of(new Challenge("basic", Map.of())), Challenge.parseAll("Basic"));
        assertEquals(List.of(new Challenge("bearer", Map.of())), Challenge.parseAll("Bearer "));
        assertEquals(List.of(new Challenge("negotiate", Map.of())), Challenge.parseAll("Negotiate abc123"));
        assertEquals(List.of(new Challenge("basic", Map.of("realm", "r"))), Challenge.parseAll("Basic realm=r"));
    }

    @Test
    void nothingToParse() {
        assertTrue(Challenge.parseAll(null).isEmpty());
        assertTrue(Challenge.parseAll("").isEmpty());
        assertTrue(Challenge.parseAll(" , ").isEmpty());
    }

    @Test
    void unterminatedQuoteDoesNotLoop() {
        Challenge c = Challenge.parseAll("Bearer realm=\"https://h/token").get(0);
        assertEquals("https://h/token", c.param("realm"));
    }

    @Test
    void severalChallengesInOneValueWithEscapesAndCommasInQuotes() {
        List<Challenge> c = Challenge.parseAll("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\", now\","
                + " BASIC Realm=\"simple\" , Bearer realm=x");

        assertEquals(3, c.size());
        assertEquals(
                new Challenge("newauth", Map.of("realm", "apps", "type", "1", "title", "Login to \"apps\", now")),
                c.get(0));
        assertEquals(new Challenge("basic", Map.of("realm", "simple")), c.get(1));
        assertEquals(new Challenge("bearer", Map.of("realm", "x")), c.get(2));
    }

    @Test
    void token68IsSkippedAndEmptyInputGivesNothing() {
        assertEquals(
                List.of(new Challenge("negotiate", Map.of()), new Challenge("basic", Map.of("realm", "r"))),
                Challenge.parseAll("Negotiate abc123+/==, Basic realm=r"));
        assertEquals(List.of(), Challenge.parseAll(null));
        assertEquals(List.of(), Challenge.parseAll("  ,  "));
    }

    @Test
    void unterminatedQuoteKeepsWhatThereIs() {
        assertEquals(
                List.of(new Challenge("bearer", Map.of("realm", "https://a, b"))),
                Challenge.parseAll("Bearer realm=\"https://a, b"));
    }
}
