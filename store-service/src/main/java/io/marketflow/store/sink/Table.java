package io.marketflow.store.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A sink's target table: its columns in order and its conflict key, and the SQL of both write methods
 * derived from them, so that the two methods cannot disagree on what they write.
 */
record Table<T>(String name, List<Column<T>> columns, List<String> keyColumns) {

    Table {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        List<String> names = columns.stream().map(Column::name).toList();
        if (keyColumns.isEmpty() || !names.containsAll(keyColumns)) {
            throw new IllegalArgumentException("key columns " + keyColumns + " must be among " + names);
        }
        if (keyColumns.size() == columns.size()) {
            throw new IllegalArgumentException("table " + name + " needs a column outside its key to update");
        }
    }

    /** The key of {@code item} as the database compares it; equal keys mean the same row. */
    List<Object> key(T item) {
        Object[] key = new Object[keyColumns.size()];
        int k = 0;
        for (Column<T> column : columns) {
            if (keyColumns.contains(column.name())) {
                key[k++] = column.valueOf(item);
            }
        }
        return Arrays.asList(key);
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

    /** One array per column, element i from row i: the parameters of {@link #upsertFromUnnestSql()}. */
    Object[][] unnestArrays(List<T> rows) {
        Object[][] arrays = new Object[columns.size()][];
        for (int c = 0; c < arrays.length; c++) {
            Column<T> column = columns.get(c);
            Object[] array = column.type().newArray(rows.size());
            for (int r = 0; r < array.length; r++) {
                array[r] = column.type().arrayElement(column.valueOf(rows.get(r)));
            }
            arrays[c] = array;
        }
        return arrays;
    }

    private String stageName() {
        return "mds_stage_" + name;
    }

    private String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
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
