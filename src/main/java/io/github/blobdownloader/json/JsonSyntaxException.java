package io.github.blobdownloader.json;

import java.io.IOException;

/** Input that is not JSON (RFC 8259, UTF-8): what was wrong, and the byte offset where it was found. */
public final class JsonSyntaxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int offset;

    JsonSyntaxException(String detail, int offset) {
        super(detail + " at byte " + offset);
        this.detail = detail;
        this.offset = offset;
    }

    /** What was wrong, without the offset: for messages that name the document instead. */
    public String detail() {
        return detail;
    }

    public int offset() {
        return offset;
    }
}
