package io.github.blobdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.pull.PullRequest;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.LayerTar;
import io.github.blobdownloader.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plan: what a later layer deletes or replaces, or the filters drop, is never written (the summary line
 * counts the files and bytes really written), while hard links keep the content their target had when they
 * were made, as {@code umoci unpack --rootless} has them.
 */
class ExtractPlanningTest extends ExtractTestBase {

    private static final Pattern WRITTEN = Pattern.compile("(\\d+) file\\(s\\) \\((\\d+) bytes\\)");
    private static final String BIG = "x".repeat(4 << 20);

    /** Files and bytes the summary line says were written. */
    private record Written(long files, long bytes) {}

    private Written extractCounting(String image, Path out, String includes, String excludes) {
        RecordingLog log = new RecordingLog();
        extract(PullRequest.builder(image, out), out, includes, excludes, log);
        List<String> lines = log.linesContaining("Extracted ");
        assertEquals(1, lines.size(), String.join("\n", log.lines()));
        Matcher m = WRITTEN.matcher(lines.get(0));
        assertTrue(m.find(), lines.get(0));
        return new Written(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    @Test
    void filesALaterLayerDeletesOrReplacesAreNeverWritten() throws IOException {
        byte[] lower = new LayerTar()
                .dir("data", 0755)
                .file("data/replaced", BIG)
                .file("data/whited-out", BIG)
                .dir("data/opaque", 0755)
                .file("data/opaque/hidden", BIG)
                .dir("data/becomes-file", 0755)
                .file("data/becomes-file/inner", BIG)
                .file("data/kept", "kept")
                .tar();
        byte[] upper = new LayerTar()
                .file("data/replaced", "new")
                .whiteout("data/whited-out")
                .opaque("data/opaque")
                .file("data/opaque/own", "own")
                .file("data/becomes-file", "file")
                .tar();
        String image = push("plan/shadowed", "v1", List.of(LayerTar.gzip(lower), LayerTar.gzip(upper)));
        Path out = tmp.resolve("rootfs");

        Written written = extractCounting(image, out, null, null);

        assertEquals(new Written(4, "kept".length() + "new".length() + "own".length() + "file".length()), written);
        assertEquals("new", Files.readString(out.resolve("data/replaced")));
        assertFalse(Files.exists(out.resolve("data/whited-out")));
        assertEquals(List.of("own"), RootDirectory.children(out.resolve("data/opaque")));
        assertEquals("file", Files.readString(out.resolve("data/becomes-file")));
        assertEquals(umoci(image), TreeSnapshot.of(out));
    }

    @Test
    void filesTheFiltersDropAreNeverWrittenButAKeptHardLinkGetsItsContent() throws IOException {
        byte[] tar = new LayerTar()
                .dir("usr", 0755)
                .dir("usr/share", 0755)
                .file("usr/share/big", BIG)
                .dir("opt", 0755)
                .file("opt/target", "content of the link")
                .hardLink("usr/link", "opt/target")
                .tar();
        String image = push("plan/filtered", "v1", List.of(LayerTar.gzip(tar)));
        Path out = tmp.resolve("rootfs");

        Written written = extractCounting(image, out, "usr/**", "usr/share/");

        assertEquals(new Written(1, "content of the link".length()), written);
        assertEquals(
                List.of("usr", "usr/link"), List.copyOf(TreeSnapshot.of(out).keySet()));
        assertEquals("content of the link", Files.readString(out.resolve("usr/link")));
        assertEquals(1, Files.getAttribute(out.resolve("usr/link"), "unix:nlink"));
    }

    @Test
    void hardLinksKeepTheContentTheirTargetHadAsUmociDoes() throws IOException {
        byte[] lower = new LayerTar()
                .dir("h", 0755)
                .file("h/replaced-after-upper-link", "lower content, linked from above")
                .file("h/replaced-above", "original")
                .hardLink("h/link-to-replaced", "h/replaced-above")
                .file("h/whited-out", "survives in its link")
                .hardLink("h/link-to-whited-out", "h/whited-out")
                .file("h/chain-start", "chained")
                .dir("merge", 0700)
                .file("merge/lower", "lower")
                .tar();
        byte[] middle = new LayerTar()
                .hardLink("h/upper-link", "h/replaced-after-upper-link")
                .file("h/replaced-after-upper-link", "replaced in the layer of the link")
                .file("h/replaced-above", "replacement")
                .hardLink("h/chain-1", "h/chain-start")
                .whiteout("h/whited-out")
                .dir("merge", 0755)
                .file("merge/upper", "upper")
                .tar();
        byte[] upper = new LayerTar()
                .hardLink("h/chain-2", "h/chain-1")
                .whiteout("h/chain-start")
                .tar();
        String image = push(
                "plan/hardlinks", "v1", List.of(LayerTar.gzip(lower), LayerTar.gzip(middle), LayerTar.gzip(upper)));
        Path out = tmp.resolve("rootfs");

        Written written = extractCounting(image, out, null, null);

        Path h = out.resolve("h");
        assertEquals("lower content, linked from above", Files.readString(h.resolve("upper-link")));
        assertEquals("replaced in the layer of the link", Files.readString(h.resolve("replaced-after-upper-link")));
        assertEquals("original", Files.readString(h.resolve("link-to-replaced")));
        assertEquals("replacement", Files.readString(h.resolve("replaced-above")));
        assertEquals("survives in its link", Files.readString(h.resolve("link-to-whited-out")));
        assertEquals(1, Files.getAttribute(h.resolve("link-to-whited-out"), "unix:nlink"));
        assertFalse(Files.exists(h.resolve("chain-start")));
        assertEquals("chained", Files.readString(h.resolve("chain-2")));
        assertEquals(
                Files.getAttribute(h.resolve("chain-1"), "unix:ino"),
                Files.getAttribute(h.resolve("chain-2"), "unix:ino"));
        assertEquals(
                List.of("lower", "upper"),
                RootDirectory.children(out.resolve("merge")).stream().sorted().toList());
        assertEquals(8, written.files(), "one write per final content, none for what was replaced: " + written);
        assertEquals(umoci(image), TreeSnapshot.of(out));
    }

    @Test
    void layersThatReplaceTheirOwnEntriesComeOutAsThePlanAndUmociHaveThem() throws IOException {
        byte[] lower = new LayerTar()
                .dir("a", 0755)
                .file("a/f", "first")
                .file("a/f", "second, same layer")
                .file("b", "file b")
                .dir("c", 0755)
                .file("c/x", "cx")
                .file("g", "g lower")
                .tar();
        byte[] middle = new LayerTar()
                .file("b", "b, replaced in its own layer")
                .dir("b", 0755)
                .file("b/inner", "inner")
                .file("c", "a file over the lower folder")
                .dir("e", 0755)
                .file("e/y", "ey")
                .file("e", "a file over its own layer's folder")
                .file("g", "g middle")
                .hardLink("h", "g")
                .file("g", "g replaced after the link")
                .tar();
        byte[] upper = new LayerTar()
                .hardLink("k", "a/f")
                .opaque("a")
                .file("a/new", "new")
                .hardLink("m", "h")
                .whiteout("h")
                .tar();
        String image = push(
                "plan/same-layer", "v1", List.of(LayerTar.gzip(lower), LayerTar.gzip(middle), LayerTar.gzip(upper)));

        Map<String, String> guessed = TreeSnapshot.of(extract(image, tmp.resolve("guessed")));
        Path planned = tmp.resolve("planned");
        extract(PullRequest.builder(image, planned), planned, null, null, new RecordingLog(), false);
        assertEquals(TreeSnapshot.of(planned), guessed, "the first pass's guess, reconciled, is the plan");
        assertEquals(umoci(image), guessed);
        assertEquals("second, same layer", Files.readString(tmp.resolve("guessed/k")));
        assertEquals("g middle", Files.readString(tmp.resolve("guessed/m")));

        for (String[] filters : new String[][] {{"k,m,b/**", null}, {null, "a/**,g"}}) {
            Path out = tmp.resolve("filtered-guessed");
            Path exact = tmp.resolve("filtered-planned");
            extract(PullRequest.builder(image, out), out, filters[0], filters[1], new RecordingLog(), true);
            extract(PullRequest.builder(image, exact), exact, filters[0], filters[1], new RecordingLog(), false);
            assertEquals(
                    TreeSnapshot.of(exact), TreeSnapshot.of(out), String.join(" / ", filters[0] + "", filters[1] + ""));
        }
    }

    /** umoci's tree of {@code image}, through skopeo's OCI layout. */
    private Map<String, String> umoci(String image) {
        Path oci = tmp.resolve("oci");
        ExternalTool.skopeo().run("copy", "--src-tls-verify=false", "docker://" + image, "oci:" + oci + ":v1");
        Path bundle = tmp.resolve("bundle");
        ExternalTool.umoci().run("unpack", "--rootless", "--image", oci + ":v1", bundle.toString());
        return TreeSnapshot.of(bundle.resolve("rootfs"));
    }
}
