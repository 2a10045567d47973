package io.github.blobdownloader.maven;

/**
 * A parameter value that must never be printed. Maven's debug output ({@code -X}) prints every parameter
 * with {@code toString()}; this type prints a mask instead. Maven fills it from a plain value through
 * {@link #set(String)}.
 */
public final class Secret {

    private String value;

    public Secret() {
    }

    public Secret(String value) {
        this.value = value;
    }

    /** Called by Maven's configurator for {@code <password>value</password>} and {@code -Dblob.password}. */
    public void set(String value) {
        this.value = value;
    }

    /** The secret itself; only for building credentials. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value == null || value.isEmpty();
    }

    @Override
    public String toString() {
        return isEmpty() ? "(none)" : "******";
    }
}
