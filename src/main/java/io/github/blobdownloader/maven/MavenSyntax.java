package io.github.blobdownloader.maven;

import io.github.blobdownloader.Setting;

/** How a Maven user sets what the core's messages name: the POM element and the {@code -D} property. */
final class MavenSyntax {

    private MavenSyntax() {}

    /** The core's message with every setting in Maven's words. */
    static String render(String message) {
        return Setting.render(message, MavenSyntax::hint);
    }

    private static String hint(Setting setting, String value) {
        String id = setting.id();
        return switch (setting) {
            case SERVER_CREDENTIALS -> "a settings.xml <server>";
            case PROXY_CREDENTIALS -> "<username> and <password> of the <proxy> in settings.xml";
            case OFFLINE -> value == null ? "offline mode (-o)" : "-o";
            // POM-only lists have no -D property.
            case IMAGES, MIRRORS -> "<" + id + ">";
            default ->
                value == null
                        ? "<" + id + "> (-Dblob." + id + ")"
                        : "<" + id + ">" + value + "</" + id + "> (-Dblob." + id + "=" + value + ")";
        };
    }
}
