package io.github.blobdownloader.maven;

import java.lang.reflect.Field;
import java.nio.file.Path;

/** Sets a Mojo's parameter field as Maven's injection would, looking in its superclasses too. */
final class MojoFields {

    private MojoFields() {}

    /**
     * The parameters Maven would give every registry goal, pointing at a registry that must not be asked
     * (port 1), writing into {@code output}; returns {@code mojo}.
     */
    static <T> T neverAsking(T mojo, Path output) throws ReflectiveOperationException {
        set(mojo, "image", "127.0.0.1:1/never/asked:1");
        set(mojo, "platform", "linux/amd64");
        set(mojo, "tagStrategy", "latest");
        set(mojo, "parallelism", 1);
        set(mojo, "retries", 1);
        set(mojo, "timeout", 1);
        set(mojo, "outputDirectory", output.toFile());
        return mojo;
    }

    static void set(Object target, String name, Object value) throws ReflectiveOperationException {
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
