package io.github.blobdownloader.tls;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Locale;

/**
 * BoringSSL through Conscrypt, loaded once per class loader of the plugin (a native library can belong to one
 * loader only, so a second copy of the plugin in the same JVM gets the JDK's TLS). Its library is unpacked into
 * a folder the build names ({@link NativeLibraryFile}); nothing is written elsewhere and no system property is
 * set for it. Conscrypt's loader has the JDK's platform loader as its parent, not the plugin's: Conscrypt's
 * native code keeps its classes for the JVM's life, and must not keep the plugin's class realm with them.
 */
final class NativeTls {

    private static final String CONSCRYPT = "org.conscrypt.Conscrypt";

    /** The outcome of the first load: a provider, or why there is none. */
    record Outcome(Provider provider, Throwable failure, String description) {}

    private static Outcome loaded;

    private NativeTls() {}

    /**
     * Loads Conscrypt, its library unpacked under {@code folder}; once loaded, later calls get the same provider
     * (from whichever folder it came). A failure is not kept: another folder may do.
     */
    static synchronized Outcome load(Path folder) {
        if (loaded != null) {
            return loaded;
        }
        Outcome outcome = tryLoad(folder, NativeTls.class.getClassLoader());
        if (outcome.provider() != null) {
            loaded = outcome;
        }
        return outcome;
    }

    /** One attempt, in a loader of its own; for tests, which cannot undo a load. */
    static Outcome tryLoad(Path folder, ClassLoader plugin) {
        IsolatingLoader loader = null;
        try {
            String libraryName = "conscrypt_openjdk_jni-" + os() + "-" + arch();
            Path jar = jarOf(plugin);
            Path library =
                    NativeLibraryFile.unpack(jar, "META-INF/native/" + System.mapLibraryName(libraryName), folder);
            loader = new IsolatingLoader(
                    jar.toUri().toURL(), ClassLoader.getPlatformClassLoader(), libraryName, library);
            requireNativeAccess(loader);
            Class<?> conscrypt = Class.forName(CONSCRYPT, true, loader);
            conscrypt.getMethod("checkAvailability").invoke(null);
            Provider provider = (Provider) conscrypt.getMethod("newProvider").invoke(null);
            Object version = conscrypt.getMethod("version").invoke(null);
            return new Outcome(provider, null, "BoringSSL (Conscrypt " + describe(version) + ", " + library + ")");
        } catch (InvocationTargetException e) {
            return failed(e.getCause(), loader);
        } catch (IOException | ReflectiveOperationException | URISyntaxException | RuntimeException | LinkageError e) {
            return failed(e, loader);
        }
    }

    /**
     * From JDK 24 on, loading a native library from a module without native access prints warnings into the build
     * output (Maven 3.9.10 and later grant it to the class path, older launchers do not): then not at all.
     */
    private static void requireNativeAccess(IsolatingLoader loader) throws IOException {
        if (Runtime.version().feature() < 24) {
            return;
        }
        boolean enabled;
        try {
            enabled = (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(loader.getUnnamedModule());
        } catch (ReflectiveOperationException e) {
            return; // no such check on this JDK
        }
        if (!enabled) {
            throw new IOException("the JVM grants no native access to the class path; run Maven with"
                    + " --enable-native-access=ALL-UNNAMED (Maven 3.9.10 and later do)");
        }
    }

    private static Outcome failed(Throwable cause, IsolatingLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
        return new Outcome(null, cause, "the JDK's (BoringSSL not available: " + cause + ")");
    }

    private static String describe(Object version) throws ReflectiveOperationException {
        Class<?> type = version.getClass();
        return type.getMethod("major").invoke(version) + "."
                + type.getMethod("minor").invoke(version) + "."
                + type.getMethod("patch").invoke(version);
    }

    private static Path jarOf(ClassLoader loader) throws IOException, URISyntaxException {
        URL url = loader.getResource(CONSCRYPT.replace('.', '/') + ".class");
        if (url == null) {
            throw new IOException("Conscrypt is not on the plugin's class path");
        }
        if (!"jar".equals(url.getProtocol())) {
            throw new IOException("Conscrypt comes from " + url + ", not from a jar");
        }
        return Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
    }

    /** Conscrypt's names for the operating system and the CPU (its {@code HostProperties}). */
    private static String os() throws IOException {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            // The Linux build needs glibc; with musl (Alpine) and a glibc shim it might load and then misbehave.
            if (Files.exists(Path.of("/lib/ld-musl-x86_64.so.1"))
                    || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"))) {
                throw new IOException("musl libc: the Linux build of BoringSSL needs glibc");
            }
            return "linux";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "osx";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        throw new IOException("no Conscrypt build for " + name);
    }

    private static String arch() throws IOException {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IOException("no Conscrypt build for " + arch);
        };
    }
}
