package io.github.blobdownloader.tls;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Defines Conscrypt's classes from its jar in a loader of their own, over the JDK's platform loader. A native
 * library is bound to the loader whose class loads it, and {@link #findLibrary} is that loader's hook: it hands
 * Conscrypt the copy unpacked into the plugin's folder, so Conscrypt never unpacks its own into the JVM's temp
 * folder (which it would do for any resource under {@code META-INF/native/}, hence those are hidden). Nothing but
 * JDK types ({@code java.security.Provider}, the trust managers) crosses between it and the plugin.
 */
final class IsolatingLoader extends URLClassLoader {

    private static final String NATIVE_RESOURCES = "META-INF/native/";

    static {
        registerAsParallelCapable();
    }

    private final String libraryName;
    private final Path library;

    /**
     * @param jar         Conscrypt's jar
     * @param parent      where everything else comes from (the JDK's platform loader)
     * @param libraryName the name Conscrypt asks for ({@code conscrypt_openjdk_jni-linux-x86_64})
     * @param library     the unpacked native library it gets for that name
     */
    IsolatingLoader(URL jar, ClassLoader parent, String libraryName, Path library) {
        super(new URL[] {jar}, parent);
        this.libraryName = libraryName;
        this.library = library;
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(NATIVE_RESOURCES) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(NATIVE_RESOURCES) ? Collections.emptyEnumeration() : super.getResources(name);
    }

    @Override
    public URL findResource(String name) {
        return name.startsWith(NATIVE_RESOURCES) ? null : super.findResource(name);
    }

    @Override
    protected String findLibrary(String name) {
        return name.equals(libraryName) ? library.toString() : null;
    }
}
