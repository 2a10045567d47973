package io.github.blobdownloader.layout;

import java.nio.charset.StandardCharsets;

/**
 * Which {@code org.opencontainers.image.title} values may name a file in the {@code files} layout: relative
 * paths with {@code /} between plain names that stay inside the output folder and leave the plugin's own
 * files alone. Nothing is rewritten: a title that needs fixing is refused, and the user decides.
 */
final class FileTitles {

    /** The report every pull writes into its output folder ({@code report.DownloadReport.FILE_NAME}). */
    static final String REPORT_FILE = "download-report.json";
    /** The start of this layout's hidden working files (a chart before its name is known, a packed folder). */
    static final String WORK_PREFIX = ".blob-downloader-";
    /**
     * The longest part, in UTF-8 bytes: the 255 file systems take for a name, less the 23 the temp file a
     * download goes to adds ({@code .<name>.<16 hex>.part}).
     */
    static final int MAX_NAME_BYTES = 255 - 23;

    private FileTitles() {}

    /** Why {@code title} cannot name a file, or {@code null} when it can. */
    static String problem(String title) {
        if (title.isBlank()) {
            return "it is empty";
        }
        if (title.startsWith("/") || title.matches("^[A-Za-z]:.*")) {
            return "it is an absolute path";
        }
        if (title.indexOf('\\') >= 0) {
            return "it has a backslash, a folder separator on Windows";
        }
        if (title.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "it has control characters";
        }
        String[] parts = title.split("/", -1);
        for (String part : parts) {
            if (part.equals("..")) {
                return "it has a '..' part, which leads out of the output folder";
            }
            if (part.isEmpty() || part.equals(".")) {
                return "it has an empty or '.' part";
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                return "it has a part longer than " + MAX_NAME_BYTES + " bytes, too long a file name with the"
                        + " suffix of its temp file";
            }
            if (part.startsWith(WORK_PREFIX)
                    || (part.startsWith(".")
                            && (part.endsWith(".part") || part.endsWith(".partial") || part.endsWith(".lock")))) {
                return "it has the name of one of the plugin's hidden work files";
            }
        }
        if (parts[0].equals(REPORT_FILE)) {
            return "it is the plugin's report file, " + REPORT_FILE;
        }
        return null;
    }

    /** Whether one file or folder would hold the other: the same name, or one a folder of the other. */
    static boolean collide(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}
