package io.github.blobdownloader.http;

/**
 * A body put together from more than one answer (a resumed transfer). A reader that verifies a digest may
 * then fetch once more from the start before blaming the content: the splice, not the server, may be wrong.
 */
public interface SplicedBody {

    /** Whether any byte so far came from a later answer than the first. */
    boolean spliced();
}
