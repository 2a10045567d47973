package io.github.blobdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ant's glob rules as maven-dependency-plugin's {@code unpack} has them, and the tar names extract accepts. */
class ExtractPathFilterTest {

    @Test
    void antGlobs() {
        PathFilter filter = PathFilter.of(" usr/bin/** , opt/app/*.jar,/etc/?ost*, **/README ", "usr/bin/*-debug");
        assertEquals(List.of("usr/bin/**", "opt/app/*.jar", "etc/?ost*", "**/README"), filter.includes());
        assertTrue(filter.keeps("usr/bin"), "a/** matches a itself");
        assertTrue(filter.keeps("usr/bin/sub/deeper/tool"));
        assertTrue(filter.keeps("opt/app/app.jar"));
        assertFalse(filter.keeps("opt/app/lib/dep.jar"), "* stays within one part");
        assertTrue(filter.keeps("etc/hosts"));
        assertTrue(filter.keeps("README"), "**/ matches no folder too");
        assertTrue(filter.keeps("usr/share/doc/README"));
        assertFalse(filter.keeps("usr/bin/tool-debug"), "excludes win");
        assertFalse(filter.keeps("usr/bin.bak"));
        assertTrue(PathFilter.of(null, "docs/").keeps("docsx"), "a trailing / means the folder and below");
        assertFalse(PathFilter.of(null, "docs/").keeps("docs/a/b"));
        assertTrue(PathFilter.of("", " ").selectsAll());
    }

    @Test
    void entryNames() throws UnsafeEntryException {
        assertEquals("etc/passwd", EntryName.parse("./etc//passwd").path());
        assertEquals("etc", EntryName.parse("etc/").path());
        assertTrue(EntryName.parse("./").isRoot());
        assertEquals("a.b/..c", EntryName.parse("a.b/..c").path(), "dots in names are fine");
        assertThrows(UnsafeEntryException.class, () -> EntryName.parse("/etc/passwd"));
        assertThrows(UnsafeEntryException.class, () -> EntryName.parse("a/../../b"));
        assertThrows(UnsafeEntryException.class, () -> EntryName.parse("./../b"));
    }
}
