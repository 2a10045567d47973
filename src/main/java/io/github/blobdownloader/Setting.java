package io.github.blobdownloader;

import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting the user can change, as the core names it in a message ("raise {@code ⟨timeout⟩}"). The core
 * speaks of settings by name only; the front end that took them from the user (the Mojos) renders each in its
 * own syntax: a POM element, a {@code -D} property. {@link #toString()} is the marker put into a message.
 */
public enum Setting {
    IMAGE("image"),
    IMAGES("images"),
    REGISTRY_URL("registryUrl"),
    TAG("tag"),
    TAG_STRATEGY("tagStrategy"),
    INCLUDE_PRERELEASES("includePrereleases"),
    PLATFORM("platform"),
    USERNAME("username"),
    PASSWORD("password"),
    OUTPUT_DIRECTORY("outputDirectory"),
    LAYOUT("layout"),
    LOCK_FILE("lockFile"),
    UPDATE_LOCK("updateLock"),
    PARALLELISM("parallelism"),
    RETRIES("retries"),
    TIMEOUT("timeout"),
    LOW_SPEED_LIMIT("lowSpeedLimit"),
    INSECURE_REGISTRIES("insecureRegistries"),
    CA_CERTIFICATES("caCertificates"),
    TLS_ENGINE("tlsEngine"),
    MIRRORS("mirrors"),
    CACHE_DIRECTORY("cacheDirectory"),
    OCI_MEDIA_TYPES("ociMediaTypes"),
    FORMAT("format"),
    ATTACH("attach"),
    CLASSIFIER("classifier"),
    INCLUDES("includes"),
    EXCLUDES("excludes"),
    REFERRERS("referrers"),
    REFERRER_TYPES("referrerTypes"),
    PUBLIC_KEYS("publicKeys"),
    VERIFY_SIGNED_REPOSITORY("verifySignedRepository"),
    MEDIA_TYPES("mediaTypes"),
    ARTIFACT_TYPE("artifactType"),
    VERIFY_EXISTING("verifyExisting"),
    /** Credentials kept by the build tool for a registry (settings.xml's {@code <server>}). */
    SERVER_CREDENTIALS("serverCredentials"),
    /** The credentials of a proxy (settings.xml's {@code <proxy>}). */
    PROXY_CREDENTIALS("proxyCredentials"),
    /** The build tool's offline mode ({@code -o}). */
    OFFLINE("offline");

    private static final Pattern MARKER = Pattern.compile("⟨(\\w+)(?:=([^⟩]*))?⟩");

    private final String id;

    Setting(String id) {
        this.id = id;
    }

    /** The setting's name, as the user gives it. */
    public String id() {
        return id;
    }

    /** The marker for "this setting" in a message. */
    @Override
    public String toString() {
        return "⟨" + id + "⟩";
    }

    /** The marker for "this setting with this value", e.g. {@code updateLock} set to {@code true}. */
    public String is(String value) {
        return "⟨" + id + "=" + value + "⟩";
    }

    /**
     * {@code message} with each marker replaced by {@code style.apply(setting, value)} ({@code value} is
     * {@code null} for a plain marker). An unknown name stays as it is.
     */
    public static String render(String message, BiFunction<Setting, String, String> style) {
        if (message == null || message.indexOf('⟨') < 0) {
            return message;
        }
        Matcher m = MARKER.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Setting setting = byId(m.group(1));
            String replacement = setting == null ? m.group() : style.apply(setting, m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Setting byId(String id) {
        for (Setting s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }
}
