package io.github.blobdownloader.tls;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Locale;

/**
 * BoringSSL through Conscrypt, loaded once per class loader of the plugin (a native library can belong to one
 * loader only, so a second copy of the plugin in the same JVM gets the JDK's TLS). Its library is unpacked into
 * a folder the build names ({@link NativeLibraryFile}); nothing is written elsewhere and no system property is
 * read or set for it.
 */
final class NativeTls {

    private static final String CONSCRYPT = "org.conscrypt.Conscrypt";

    /** The outcome of the first load: a provider, or why there is none. */
    record Outcome(Provider provider, Throwable failure, String description) {}

    private static Outcome loaded;

    private NativeTls() {}

    /** Loads Conscrypt on first call, its library unpacked under {@code folder}; later calls give the same outcome. */
    static synchronized Outcome load(Path folder) {
        if (loaded == null) {
            loaded = tryLoad(folder, NativeTls.class.getClassLoader());
        }
        return loaded;
    }

    /** One attempt, in a loader of its own; for tests, which cannot undo a load. */
    static Outcome tryLoad(Path folder, ClassLoader parent) {
        try {
            String libraryName = "conscrypt_openjdk_jni-" + os() + "-" + arch();
            Path jar = jarOf(parent);
            Path library =
                    NativeLibraryFile.unpack(jar, "META-INF/native/" + System.mapLibraryName(libraryName), folder);
            IsolatingLoader loader = new IsolatingLoader(jar.toUri().toURL(), parent, libraryName, library);
            Class<?> conscrypt = Class.forName(CONSCRYPT, true, loader);
            conscrypt.getMethod("checkAvailability").invoke(null);
            Provider provider = (Provider) conscrypt.getMethod("newProvider").invoke(null);
            Object version = conscrypt.getMethod("version").invoke(null);
            return new Outcome(provider, null, "BoringSSL (Conscrypt " + describe(version) + ", " + library + ")");
        } catch (InvocationTargetException e) {
            return failed(e.getCause());
        } catch (IOException | ReflectiveOperationException | URISyntaxException | RuntimeException | LinkageError e) {
            return failed(e);
        }
    }

    private static Outcome failed(Throwable cause) {
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
