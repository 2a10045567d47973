package io.github.blobdownloader.layout;

/**
 * The parameter that names a folder the plugin writes to, so that a failure to write there tells the user
 * which POM element (and {@code -D} property) to look at.
 *
 * @param element the POM element, which is also the property after {@code blob.}
 */
public record FolderParameter(String element) {

    public static final FolderParameter OUTPUT = new FolderParameter("outputDirectory");
    public static final FolderParameter CACHE = new FolderParameter("cacheDirectory");

    /** {@code <outputDirectory> (-Dblob.outputDirectory)}. */
    public String named() {
        return "<" + element + "> (-Dblob." + element + ")";
    }

    /** What to do when a file there cannot be written. */
    public String checkWritable() {
        return "check " + named() + " is writable and has space";
    }
}
