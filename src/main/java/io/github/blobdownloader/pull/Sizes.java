package io.github.blobdownloader.pull;

import java.util.Locale;

/** Byte counts for people. */
public final class Sizes {

    private Sizes() {}

    /** {@code 1536} → {@code 1.5 KiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
