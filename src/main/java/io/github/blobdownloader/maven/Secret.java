package io.github.blobdownloader.maven;

/**
 * A parameter value that must never be printed. Maven's debug output ({@code -X}) prints every parameter
 * with {@code toString()}; this type prints a mask instead. Maven fills it through {@link SecretConfigurator};
 * there is deliberately no {@code set(String)}, whose call Maven's {@code -X} output would print in plain.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
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
