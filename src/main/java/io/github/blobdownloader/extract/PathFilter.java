package io.github.blobdownloader.extract;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code includes}/{@code excludes}: Ant-style globs on the image's paths ({@code usr/bin/**},
 * {@code opt/app/*.jar}), as maven-dependency-plugin's {@code unpack} has them: {@code *} and {@code ?} within
 * one path part, {@code **} across parts, a trailing {@code /} meaning everything below. A path is kept when
 * an include matches it (or there are none) and no exclude does; a directory also when something below it
 * is kept.
 *
 * @param includes the include globs as given, normalised
 * @param excludes the exclude globs as given, normalised
 */
record PathFilter(List<String> includes, List<String> excludes) {

    PathFilter {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** From comma lists; {@code null} or blank means none. */
    static PathFilter of(String includes, String excludes) {
        return new PathFilter(split(includes), split(excludes));
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(PathFilter::normalise)
                .toList();
    }

    private static String normalise(String glob) {
        String g = glob.replace('\\', '/');
        while (g.startsWith("./") || g.startsWith("/")) {
            g = g.substring(g.startsWith("/") ? 1 : 2);
        }
        return g.endsWith("/") ? g + "**" : g;
    }

    boolean selectsAll() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    boolean keeps(String path) {
        return (includes.isEmpty() || matchesAny(includes, path)) && !matchesAny(excludes, path);
    }

    private static boolean matchesAny(List<String> globs, String path) {
        return globs.stream().anyMatch(g -> regex(g).matcher(path).matches());
    }

    /**
     * Ant's rules as a regular expression: {@code a/**} also matches {@code a}, and {@code **}{@code /} also
     * matches no folder at all.
     */
    static Pattern regex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                out.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
                out.append("(?:/.*)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                out.append(".*");
                i += 1;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(out.toString());
    }
}
