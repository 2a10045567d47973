package io.github.blobdownloader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.Log;
import java.nio.file.Path;

/** Another build writing into a shared folder: records {@code count} entries of image {@code name} there. */
public final class ReportWriterProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriterProcess() {}

    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            DownloadReport.record(folder, entry(name, "t" + i), Log.silent());
        }
    }

    /** An entry as a pull writes it, with one platform and no blobs. */
    static ObjectNode entry(String name, String tag) {
        ObjectNode entry = JSON.createObjectNode()
                .put("image", "registry.example/" + name)
                .put("tag", tag)
                .put("digest", "sha256:" + "0".repeat(64))
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        entry.putArray("images")
                .addObject()
                .put("platform", "linux/amd64")
                .put("manifestDigest", "sha256:" + "0".repeat(64))
                .putArray("blobs");
        return entry;
    }
}
