package io.github.blobdownloader.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A layer's tar stream read entry by entry: PAX and GNU long names, sparse files (commons-compress). */
final class LayerEntries {

    private LayerEntries() {}

    static TarArchiveInputStream open(InputStream tar) {
        return new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
    }

    /** Every header of the layer, in order; the contents are read through and dropped. */
    static List<LayerEntry> headers(InputStream tar) throws IOException {
        TarArchiveInputStream entries = open(tar);
        List<LayerEntry> headers = new ArrayList<>();
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            headers.add(LayerEntry.of(entry));
        }
        return headers;
    }
}
