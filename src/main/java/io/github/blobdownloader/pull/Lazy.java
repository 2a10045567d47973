package io.github.blobdownloader.pull;

import java.util.function.Supplier;

/** A value computed once, on first use, shared by the threads of one pull. */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> supplier;
    private T value;

    private Lazy(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    static <T> Lazy<T> of(Supplier<T> supplier) {
        return new Lazy<>(supplier);
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = supplier.get();
        }
        return value;
    }
}
