package io.github.blobdownloader.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.blobdownloader.layout.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The small file in an extracted folder that says what it holds: the image manifest's digest and the filters.
 * A re-run that asks for the same finds it and does nothing; it also marks the folder as one extract owns,
 * so a folder without it is never replaced.
 *
 * @param image    the reference, for people reading the file
 * @param digest   the image manifest's digest (the chosen platform's)
 * @param includes the include globs
 * @param excludes the exclude globs
 */
public record ExtractionMarker(String image, String digest, List<String> includes, List<String> excludes) {

    /** The marker's name in the output folder. */
    public static final String FILE_NAME = ".blob-downloader-extract.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ExtractionMarker {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** Whether the output holds the same digest under the same filters (the reference may differ). */
    boolean sameContent(ExtractionMarker other) {
        return other != null
                && digest.equals(other.digest)
                && includes.equals(other.includes)
                && excludes.equals(other.excludes);
    }

    /** The marker of {@code folder}, or {@code null} when there is none or it cannot be read. */
    static ExtractionMarker read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), ExtractionMarker.class);
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable marker means: extract again
        }
    }

    void write(Path folder) throws IOException {
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        AtomicFiles.writeBytes(folder.resolve(FILE_NAME), json);
    }
}
