package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
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
        assertTrue(e.getMessage().startsWith("<attach> (-Dblob.attach) needs a Maven project to attach the image"
                + " to; run the goal in a project, or leave attach off"), e.getMessage());
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
        assertEquals("<classifier> (-Dblob.classifier) 'my image' is not a valid classifier: use letters, digits,"
                + " '.', '_' or '-', e.g. image", e.getMessage());
    }

    private org.apache.maven.project.MavenProject projectWithPom() {
        org.apache.maven.project.MavenProject project = new org.apache.maven.project.MavenProject();
        project.setFile(tmp.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(tmp.resolve("target").toString());
        return project;
    }

    /** A mojo as Maven would configure it, with attach on, pointing at a registry that must not be asked. */
    private DownloadMojo mojo(String classifier) throws Exception {
        DownloadMojo mojo = new DownloadMojo(null, null);
        set(mojo, "image", "127.0.0.1:1/never/asked:1");
        set(mojo, "attach", true);
        set(mojo, "classifier", classifier);
        set(mojo, "layout", "oci");
        set(mojo, "platform", "linux/amd64");
        set(mojo, "parallelism", 1);
        set(mojo, "retries", 1);
        set(mojo, "timeout", 1);
        set(mojo, "outputDirectory", tmp.resolve("out").toFile());
        return mojo;
    }

    private static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return;
            } catch (NoSuchFieldException next) {
                // Look in the superclass.
            }
        }
        throw new NoSuchFieldException(name);
    }
}
