package io.github.blobdownloader.maven;

import static io.github.blobdownloader.maven.MojoFields.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract} refuses, before any request, what it cannot do, in Maven's words. */
class ExtractMojoTest {

    @TempDir
    Path tmp;

    @Test
    void everyPlatformAtOnceIsRefused() throws Exception {
        ExtractMojo mojo = mojo();
        set(mojo, "platform", "all");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals(
                "extract builds one file system: set <platform> (-Dblob.platform) to one platform such as"
                        + " linux/amd64, not all",
                e.getMessage());
    }

    @Test
    void aFolderExtractDidNotWriteIsNamedByItsParameter() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("mine.txt"), "the user's");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo()::execute);
        assertTrue(
                e.getMessage()
                        .startsWith("<outputDirectory> (-Dblob.outputDirectory) " + out + " exists and was"
                                + " not written by extract"),
                e.getMessage());
    }

    @Test
    void attachWithoutAProjectIsRefused() throws Exception {
        ExtractMojo mojo = mojo();
        set(mojo, "attach", true);
        set(mojo, "classifier", "rootfs");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<attach> (-Dblob.attach) needs a Maven project"), e.getMessage());
    }

    /** A mojo as Maven would configure it, with a cache of its own. */
    private ExtractMojo mojo() throws Exception {
        ExtractMojo mojo = MojoFields.neverAsking(new ExtractMojo(null, null), tmp.resolve("out"));
        set(mojo, "cacheDirectory", tmp.resolve("cache").toFile());
        return mojo;
    }
}
