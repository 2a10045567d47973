package io.github.blobdownloader.maven;

import static io.github.blobdownloader.maven.MojoFields.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attach} refuses, before any request, what cannot be attached. */
class DownloadMojoAttachTest {

    @TempDir
    Path tmp;

    @Test
    void attachWithoutAProjectFailsWithOneClearLine() throws Exception {
        DownloadMojo mojo = mojo("image");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(
                e.getMessage()
                        .startsWith("<attach> (-Dblob.attach) needs a Maven project to attach the image"
                                + " to; run the goal in a project, or leave attach off"),
                e.getMessage());
    }

    @Test
    void skipWinsOverAttach() throws Exception {
        DownloadMojo mojo = mojo("image");
        set(mojo, "skip", true);
        mojo.execute();
    }

    @Test
    void invalidClassifierIsNamed() throws Exception {
        DownloadMojo mojo = mojo("my image");
        set(mojo, "project", projectWithPom());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals(
                "<classifier> (-Dblob.classifier) 'my image' is not a valid classifier: use letters, digits,"
                        + " '.', '_' or '-', e.g. image",
                e.getMessage());
    }

    private org.apache.maven.project.MavenProject projectWithPom() {
        org.apache.maven.project.MavenProject project = new org.apache.maven.project.MavenProject();
        project.setFile(tmp.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(tmp.resolve("target").toString());
        return project;
    }

    /** A mojo as Maven would configure it, with attach on, pointing at a registry that must not be asked. */
    private DownloadMojo mojo(String classifier) throws Exception {
        DownloadMojo mojo = MojoFields.neverAsking(new DownloadMojo(null, null), tmp.resolve("out"));
        set(mojo, "attach", true);
        set(mojo, "classifier", classifier);
        set(mojo, "layout", "oci");
        return mojo;
    }
}
