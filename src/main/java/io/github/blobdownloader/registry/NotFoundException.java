package io.github.blobdownloader.registry;

/** A 404: the repository, manifest (tag or digest) or blob does not exist. */
public class NotFoundException extends RegistryException {

    /** The registry's error code, e.g. {@code NAME_UNKNOWN}, {@code MANIFEST_UNKNOWN}; may be empty. */
    private final String code;

    public NotFoundException(String message, String code) {
        super(message, 404, true);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
