package io.ferry.migration.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed on first use and kept: at most once, however many threads ask at the same time. When
 * computing it throws, nothing is kept, and the next call tries again.
 */
public final class Lazy<T> implements Supplier<T> {

    private Supplier<? extends T> compute;
    private volatile T value;

    private Lazy(Supplier<? extends T> compute, T value) {
        this.compute = compute;
        this.value = value;
    }

    /** A value computed by {@code compute} the first time it is asked for; {@code compute} must not return null. */
    public static <T> Lazy<T> of(Supplier<? extends T> compute) {
        return new Lazy<>(Objects.requireNonNull(compute, "compute"), null);
    }

    /** A value known already. */
    public static <T> Lazy<T> known(T value) {
        return new Lazy<>(null, Objects.requireNonNull(value, "value"));
    }

    @Override
    public T get() {
        T known = value;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (value == null) {
                value = Objects.requireNonNull(compute.get(), "computed value");
                compute = null; // let what it captured go
            }
            return value;
        }
    }
}
