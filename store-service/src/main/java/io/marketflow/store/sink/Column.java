package io.marketflow.store.sink;

import java.util.Objects;
import java.util.function.Function;

/** One column of a sink's table: its name, its type, and how to read it from an item. */
record Column<T>(String name, PgType type, Function<? super T, ?> getter) {

    Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(getter, "getter");
    }

    static <T> Column<T> of(String name, PgType type, Function<? super T, ?> getter) {
        return new Column<>(name, type, getter);
    }

    /** The value as the database will store it (see {@link PgType#normalize}). */
    Object valueOf(T item) {
        return type.normalize(getter.apply(item));
    }
}
