package io.marketflow.store.sink;

import io.r2dbc.spi.Readable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where one kind of item is stored: its table, its columns in order and its conflict key. Everything that moves
 * items in or out is derived from it, so that nothing can disagree on a column: the SQL of both write methods,
 * the key a batch is deduplicated by, and reading a row back into an item. The item type is a record whose
 * components are the columns, in the same order and of the columns' Java types (checked here; that each
 * column's getter reads its own component is checked by {@code TableTests}); rows are read back through its
 * canonical constructor.
 *
 * @param <T> the item type
 */
public final class Table<T> {

    private final String name;
    private final Class<T> type;
    private final List<Column<T>> columns;
    private final List<String> keyColumns;
    private final int[] keyIndexes;
    private final Constructor<T> constructor;

    Table(String name, Class<T> type, List<Column<T>> columns, List<String> keyColumns) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
        List<String> names = this.columns.stream().map(Column::name).toList();
        if (this.keyColumns.isEmpty() || !names.containsAll(this.keyColumns)) {
            throw new IllegalArgumentException("key columns " + keyColumns + " must be among " + names);
        }
        if (this.keyColumns.size() == this.columns.size()) {
            throw new IllegalArgumentException("table " + name + " needs a column outside its key to update");
        }
        this.keyIndexes = IntStream.range(0, names.size())
                .filter(c -> this.keyColumns.contains(names.get(c)))
                .toArray();
        this.constructor = canonicalConstructor(type, this.columns);
    }

    /** The table's name in the database. */
    public String name() {
        return name;
    }

    /** The item type, a record with one component per column. */
    public Class<T> type() {
        return type;
    }

    /** The column names in order, comma-separated, as a select list. */
    public String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** The item in a row that has every column of this table by name (a {@code SELECT} of {@link #columnList()}). */
    public T read(Readable row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Column<T> column = columns.get(i);
            values[i] = column.type().read(row, column.name());
        }
        return item(values);
    }

    /**
     * A hash of {@code item}'s key columns as the database will store (and compare) them: items that go to one row
     * hash alike (see {@code BatchSink#keyHash}).
     */
    public long keyHash(T item) {
        long hash = 1;
        for (int k : keyIndexes) {
            hash = 31 * hash + Objects.hashCode(columns.get(k).valueOf(item));
        }
        return hash;
    }

    List<Column<T>> columns() {
        return columns;
    }

    /** The item whose components are {@code values}, one per column in order. */
    T item(Object... values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("cannot make a " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    private static <T> Constructor<T> canonicalConstructor(Class<T> type, List<? extends Column<?>> columns) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null || components.length != columns.size()) {
            throw new IllegalArgumentException(
                    type.getName() + " must be a record with one component per column of " + columns);
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            Column<?> column = columns.get(i);
            if (!types[i].isAssignableFrom(column.type().valueType())) {
                throw new IllegalArgumentException("column " + column.name() + " holds "
                        + column.type().valueType().getSimpleName() + " but component " + components[i].getName()
                        + " of " + type.getSimpleName() + " is " + types[i].getSimpleName());
            }
        }
        try {
            return type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
    }

    /**
     * {@code batch} as it will be written: its column values as the database will store them, column by column
     * ({@code values[c][r]}), with rows of equal keys (as the database compares them) collapsed, the last occurrence
     * kept where the key first occurred ({@link DuplicateKeys}). Each value is read once, for the keys and the
     * written columns alike.
     */
    Object[][] values(List<T> batch) {
        int size = batch.size();
        Object[][] values = new Object[columns.size()][];
        for (int c = 0; c < values.length; c++) {
            Column<T> column = columns.get(c);
            Object[] columnValues = new Object[size]; // not new Object[c][r]: C2 allocates that in a runtime call
            values[c] = columnValues;
            for (int r = 0; r < size; r++) {
                columnValues[r] = column.valueOf(batch.get(r));
            }
        }
        Object[][] keys = new Object[keyIndexes.length][];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = values[keyIndexes[k]];
        }
        int[] kept = DuplicateKeys.lastPerKey(size, keys);
        if (kept != null) {
            for (int c = 0; c < values.length; c++) {
                Object[] keptValues = new Object[kept.length];
                for (int i = 0; i < kept.length; i++) {
                    keptValues[i] = values[c][kept[i]];
                }
                values[c] = keptValues;
            }
        }
        return values;
    }

    /** A temporary table per connection; rows vanish at commit, so a batch never sees the previous one's. */
    String createStageSql() {
        return "CREATE TEMP TABLE IF NOT EXISTS " + stageName() + " (LIKE " + name
                + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    }

    String copyIntoStageSql() {
        return "COPY pg_temp." + stageName() + " (" + columnList() + ") FROM STDIN (FORMAT binary)";
    }

    String upsertFromStageSql() {
        return "INSERT INTO " + name + " (" + columnList() + ") SELECT " + columnList() + " FROM pg_temp." + stageName()
                + onConflict();
    }

    String upsertFromUnnestSql() {
        String parameters = IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1) + "::" + columns.get(i).type().unnestArrayType())
                .collect(Collectors.joining(", "));
        String select = columns.stream()
                .map(column -> column.type().unnestSelect(column.name()))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + name + " (" + columnList() + ") SELECT " + select + " FROM unnest(" + parameters
                + ") AS u(" + columnList() + ")" + onConflict();
    }

    /**
     * One array per column of {@link #values}, element i from row i: the parameters of {@link #upsertFromUnnestSql()}.
     */
    BinaryArray[] unnestArrays(Object[][] values) {
        BinaryArray[] arrays = new BinaryArray[columns.size()];
        for (int c = 0; c < arrays.length; c++) {
            arrays[c] = BinaryArray.of(columns.get(c).type(), values[c]);
        }
        return arrays;
    }

    private String stageName() {
        return "mds_stage_" + name;
    }

    private String onConflict() {
        List<String> updates = new ArrayList<>();
        for (Column<T> column : columns) {
            if (!keyColumns.contains(column.name())) {
                updates.add(column.name() + " = EXCLUDED." + column.name());
            }
        }
        return " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET " + String.join(", ", updates);
    }
}
