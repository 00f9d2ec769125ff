package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout PostgreSQL's COPY BINARY expects; the integration tests show the server agrees. */
class BinaryCopyTests {

    private record Row(String text, Instant ts, LocalDate day, Double number, Long count, List<String> tags) {}

    private static final List<Column<Row>> COLUMNS = List.of(
            Column.of("text", PgType.TEXT, Row::text),
            Column.of("ts", PgType.TIMESTAMPTZ, Row::ts),
            Column.of("day", PgType.DATE, Row::day),
            Column.of("number", PgType.FLOAT8, Row::number),
            Column.of("count", PgType.INT8, Row::count),
            Column.of("tags", PgType.TEXT_ARRAY, Row::tags));

    /** The row's values column by column, as {@link Table#values} reads them. */
    private static Object[][] values(Row row) {
        Object[][] values = new Object[COLUMNS.size()][];
        for (int c = 0; c < values.length; c++) {
            values[c] = new Object[] {COLUMNS.get(c).valueOf(row)};
        }
        return values;
    }

    @Test
    void writesSignatureRowsAndTrailer() {
        Row row = new Row(
                "é",
                Instant.parse("2000-01-01T00:00:01.000002999Z"),
                LocalDate.of(1999, 12, 31),
                1.5,
                null,
                List.of("A"));

        ByteBuf copy = BinaryCopy.encode(COLUMNS, values(row));

        byte[] signature = new byte[11];
        copy.readBytes(signature);
        assertThat(signature).isEqualTo("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(copy.readInt()).as("flags").isZero();
        assertThat(copy.readInt()).as("header extension").isZero();
        assertThat(copy.readShort()).as("fields").isEqualTo((short) 6);
        assertThat(copy.readInt()).isEqualTo(2);
        assertThat(ByteBufUtil.getBytes(copy.readBytes(2))).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        assertThat(copy.readInt()).isEqualTo(8);
        assertThat(copy.readLong())
                .as("microseconds since 2000-01-01, nanoseconds dropped")
                .isEqualTo(1_000_002L);
        assertThat(copy.readInt()).isEqualTo(4);
        assertThat(copy.readInt()).as("days since 2000-01-01").isEqualTo(-1);
        assertThat(copy.readInt()).isEqualTo(8);
        assertThat(copy.readDouble()).isEqualTo(1.5);
        assertThat(copy.readInt()).as("null").isEqualTo(-1);
        assertThat(copy.readInt()).as("array length").isEqualTo(4 * 5 + 4 + 1);
        int[] arrayHeader = {copy.readInt(), copy.readInt(), copy.readInt(), copy.readInt(), copy.readInt()};
        assertThat(arrayHeader)
                .as("ndim, has nulls, text oid, size, lower bound")
                .containsExactly(1, 0, 25, 1, 1);
        assertThat(copy.readInt()).isEqualTo(1);
        assertThat(copy.readByte()).isEqualTo((byte) 'A');
        assertThat(copy.readShort()).as("trailer").isEqualTo((short) -1);
        assertThat(copy.isReadable()).isFalse();
    }

    @Test
    void writesAnEmptyArrayWithoutDimensions() {
        Row row = new Row(null, null, null, null, null, List.of());

        ByteBuf copy = BinaryCopy.encode(COLUMNS, values(row));
        copy.skipBytes(11 + 4 + 4 + 2 + 5 * 4);

        assertThat(copy.readInt()).isEqualTo(12);
        assertThat(new int[] {copy.readInt(), copy.readInt(), copy.readInt()}).containsExactly(0, 0, 25);
        assertThat(copy.readShort()).isEqualTo((short) -1);
        assertThat(copy.isReadable()).isFalse();
    }
}
