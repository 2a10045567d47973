package io.github.blobdownloader.layout;

import io.github.blobdownloader.Setting;

/**
 * The setting that names a folder the plugin writes to, so that a failure to write there tells the user
 * which setting to look at.
 *
 * @param setting the output or the cache folder
 */
public record FolderParameter(Setting setting) {

    public static final FolderParameter OUTPUT = new FolderParameter(Setting.OUTPUT_DIRECTORY);
    public static final FolderParameter CACHE = new FolderParameter(Setting.CACHE_DIRECTORY);

    /** The setting's marker in a message. */
    public String named() {
        return setting.toString();
    }

    /** What to do when a file there cannot be written. */
    public String checkWritable() {
        return "check " + named() + " is writable and has space";
    }
}
