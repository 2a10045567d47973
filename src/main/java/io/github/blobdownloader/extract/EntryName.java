package io.github.blobdownloader.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry's name as a path inside the image: {@code /}-separated, relative, no {@code .} or {@code ..}
 * parts. Absolute names and any {@code ..} are refused rather than rewritten: a layer that has them was made
 * to escape, and guessing what it meant is how extractors get tricked.
 *
 * @param path the normalised relative path; empty for the image's root
 */
record EntryName(String path) {

    static EntryName parse(String raw) throws UnsafeEntryException {
        if (raw == null || raw.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("its name is not a valid path");
        }
        String name = raw;
        // "./etc/passwd" is how many tools write relative names; "/etc/passwd" is not relative.
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.startsWith("/")) {
            throw new UnsafeEntryException("its name is absolute");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeEntryException("its name has a '..' part");
            }
            parts.add(part);
        }
        return new EntryName(String.join("/", parts));
    }

    boolean isRoot() {
        return path.isEmpty();
    }

    String baseName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent's path; empty for the root's children. */
    String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code parent/child}, or {@code child} in the root. */
    static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }
}
