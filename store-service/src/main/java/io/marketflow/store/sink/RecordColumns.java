package io.marketflow.store.sink;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A table's columns derived from its item record, so that a table is described by the record, its key and what
 * differs from the rule: one column per component, in order, named in snake_case ({@code tradeCount} becomes
 * {@code trade_count}) and of the type that stores the component's Java type ({@link PgType#storing}).
 *
 * <p>Each getter is made the way {@code javac} makes a method reference such as {@code Bar::open} (a
 * {@link LambdaMetafactory} call site over the accessor), so reading a column of a row costs what it did when the
 * getters were written out.
 */
final class RecordColumns {

    /** How a component is stored when it does not follow the rule. */
    record Stored(String name, PgType type) {}

    private RecordColumns() {}

    /** The columns of {@code type}; {@code exceptions} maps a component's name to how it is stored instead. */
    static <T extends Record> List<Column<T>> of(Class<T> type, Map<String, Stored> exceptions) {
        List<Column<T>> columns = new ArrayList<>();
        Set<String> unused = new HashSet<>(exceptions.keySet());
        for (RecordComponent component : type.getRecordComponents()) {
            Stored stored = exceptions.get(component.getName());
            if (stored == null) {
                stored = new Stored(snakeCase(component.getName()), PgType.storing(component.getType()));
            }
            unused.remove(component.getName());
            columns.add(Column.of(stored.name(), stored.type(), getter(component)));
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no components " + unused);
        }
        return columns;
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static <T> Function<T, Object> getter(RecordComponent component) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle accessor = lookup.unreflect(component.getAccessor());
            return (Function<T, Object>) LambdaMetafactory.metafactory(
                            lookup,
                            "apply",
                            MethodType.methodType(Function.class),
                            MethodType.methodType(Object.class, Object.class),
                            accessor,
                            accessor.type())
                    .getTarget()
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalArgumentException(
                    "cannot read component " + component.getName() + " of "
                            + component.getDeclaringRecord().getName(),
                    e);
        }
    }
}
