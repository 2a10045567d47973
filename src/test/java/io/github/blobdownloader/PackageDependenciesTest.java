package io.github.blobdownloader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The design rules, read from the sources: the flow goes one way, and only the Mojos know Maven. */
class PackageDependenciesTest {

    private static final String ROOT = "io.github.blobdownloader";
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    /** Package (below the root, "" for the root) → the project packages and foreign imports it uses. */
    private static Map<String, Set<String>> imports() throws IOException {
        Path sources = Path.of("src/main/java", ROOT.replace('.', '/'));
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = sources.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    if (imported.equals(ROOT)) {
                        uses.add("");
                    } else if (imported.startsWith(ROOT + ".")) {
                        uses.add(imported.substring(ROOT.length() + 1).split("\\.")[0]);
                    } else {
                        uses.add(imported);
                    }
                }
                uses.remove(pkg);
            }
        }
        return graph;
    }

    @Test
    void projectPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = imports();
        List<String> order = new ArrayList<>();
        Set<String> visiting = new TreeSet<>();
        for (String pkg : graph.keySet()) {
            visit(pkg, graph, visiting, order, new ArrayList<>());
        }
        assertEquals(graph.keySet(), new TreeSet<>(order));
    }

    private static void visit(
            String pkg, Map<String, Set<String>> graph, Set<String> visiting, List<String> done, List<String> path) {
        if (done.contains(pkg)) {
            return;
        }
        path.add(pkg);
        assertTrue(visiting.add(pkg), "package cycle: " + path);
        for (String used : graph.getOrDefault(pkg, Set.of())) {
            if (graph.containsKey(used)) {
                visit(used, graph, visiting, done, path);
            }
        }
        visiting.remove(pkg);
        path.remove(path.size() - 1);
        done.add(pkg);
    }

    @Test
    void onlyTheMojosImportMaven() throws IOException {
        imports().forEach((pkg, uses) -> {
            if (!pkg.equals("maven")) {
                assertTrue(
                        uses.stream().noneMatch(u -> u.startsWith("org.apache.maven") || u.startsWith("org.codehaus")),
                        pkg + " imports Maven: " + uses);
            }
        });
    }

    /** The core names settings ({@link Setting}); only the Mojos know POM elements and -D properties. */
    @Test
    void noCoreFileSpellsMavenSyntax() throws IOException {
        Path sources = Path.of("src/main/java", ROOT.replace('.', '/'));
        Pattern mavenSyntax = Pattern.compile("-Dblob\\.|\"[^\"]*<(tag|image|timeout|retries|platform|layout"
                + "|outputDirectory|cacheDirectory|lockFile|username|password|registryUrl|mirrors|server|proxy)>");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".java") && !f.toString().contains("/maven/"))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    String code = line.trim();
                    if (!code.startsWith("*") && !code.startsWith("//") && !code.startsWith("/*")) {
                        assertTrue(!mavenSyntax.matcher(line).find(), file + " spells Maven syntax: " + code);
                    }
                }
            }
        }
    }

    @Test
    void theHttpPipelineKnowsNothingOfRegistriesAndTagsNothingOfPulls() throws IOException {
        Map<String, Set<String>> graph = imports();
        assertTrue(
                graph.get("http").stream().filter(graph::containsKey).allMatch(""::equals),
                "http uses only the root package: " + graph.get("http"));
        assertTrue(!graph.get("tags").contains("pull"), "tags imports pull: " + graph.get("tags"));
        assertTrue(graph.get("http").stream().noneMatch(u -> u.startsWith("java.net.http")));
    }
}
