package io.github.blobdownloader.extract;

/**
 * A tar entry that must not be applied (it would reach outside the output, or is malformed). Checked and
 * internal: {@link ChangesetPlan} turns it into the one line that names the layer and the entry.
 */
final class UnsafeEntryException extends Exception {

    private static final long serialVersionUID = 1L;

    UnsafeEntryException(String reason) {
        super(reason);
    }
}
