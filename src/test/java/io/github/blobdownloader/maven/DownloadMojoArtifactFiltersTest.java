package io.github.blobdownloader.maven;

import static io.github.blobdownloader.maven.MojoFields.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mediaTypes} and {@code artifactType} reach the core from the execution and from each {@code <image>}. */
class DownloadMojoArtifactFiltersTest {

    @TempDir
    Path tmp;

    @Test
    void mediaTypesInALayoutThatMustBeCompleteIsRefusedInMavenWords() throws Exception {
        DownloadMojo mojo = MojoFields.neverAsking(new DownloadMojo(null, null), tmp.resolve("out"));
        set(mojo, "layout", "oci");
        set(mojo, "mediaTypes", "text/plain");

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals(
                "<mediaTypes> (-Dblob.mediaTypes) (text/plain) leaves layers out, but <layout>oci</layout>"
                        + " (-Dblob.layout=oci) must hold every layer of 127.0.0.1:1/never/asked:1: drop <mediaTypes>"
                        + " (-Dblob.mediaTypes), or use <layout>files</layout> (-Dblob.layout=files) or"
                        + " <layout>blobs</layout> (-Dblob.layout=blobs)",
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void anImagesOwnArtifactTypeIsChecked() throws Exception {
        DownloadMojo mojo = MojoFields.neverAsking(new DownloadMojo(null, null), tmp.resolve("out"));
        set(mojo, "image", null);
        set(mojo, "layout", "files");
        set(mojo, "mediaTypes", "text/plain");
        Image image = new Image();
        image.name = "127.0.0.1:1/never/asked:1";
        image.artifactType = "not a type";
        set(mojo, "images", List.of(image));

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(
                e.getMessage()
                        .startsWith("<artifactType> (-Dblob.artifactType) has 'not a type', which is no media type"),
                e.getMessage());
    }
}
