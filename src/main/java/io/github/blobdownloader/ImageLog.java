package io.github.blobdownloader;

/**
 * The log of one image's work: every info and warning line names the image, so that the lines of images pulled
 * at the same time (modules of a parallel reactor) can be told apart. A line that already names the image is
 * passed on as it is; any other gets {@code (for <image>)} at its end.
 */
public final class ImageLog implements Log {

    private final Log log;
    private final String key;
    private final String label;

    private ImageLog(Log log, String key, String label) {
        this.log = log;
        this.key = key;
        this.label = label;
    }

    /**
     * @param key   what a line names the image by (e.g. {@code registry/repository}: it holds whatever tag or
     *              digest the line adds)
     * @param label how the image is named where a line does not (the reference as requested)
     */
    public static Log naming(Log log, String key, String label) {
        Log inner = log instanceof ImageLog named && named.key.equals(key) ? named.log : log;
        return new ImageLog(inner, key, label);
    }

    private String named(String message) {
        return message.contains(key) ? message : message + " (for " + label + ")";
    }

    @Override
    public void info(String message) {
        log.info(named(message));
    }

    @Override
    public void progress(String message) {
        log.progress(named(message));
    }

    @Override
    public void warn(String message) {
        log.warn(named(message));
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}
