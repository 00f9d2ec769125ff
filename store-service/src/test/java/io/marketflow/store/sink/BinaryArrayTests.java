package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout of {@code array_recv}; that PostgreSQL reads every column back as it was sent is shown by
 * {@code UpsertSinkIntegrationTests}, which writes every kind through both methods into a real server.
 */
class BinaryArrayTests {

    @Test
    void writesTheHeaderThenEachFloat8AsItsEightBytes() {
        ByteBuffer in = header(BinaryArray.of(PgType.FLOAT8, new Object[] {1.5, -0.25}), PgType.FLOAT8, 2, false);

        assertThat(in.getInt()).isEqualTo(8);
        assertThat(in.getDouble()).isEqualTo(1.5);
        assertThat(in.getInt()).isEqualTo(8);
        assertThat(in.getDouble()).isEqualTo(-0.25);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void flagsNullsAndWritesThemAsLengthMinusOne() {
        ByteBuffer in = header(BinaryArray.of(PgType.INT8, new Object[] {7L, null}), PgType.INT8, 2, true);

        assertThat(in.getInt()).isEqualTo(8);
        assertThat(in.getLong()).isEqualTo(7L);
        assertThat(in.getInt()).isEqualTo(-1);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void datesTimestampsFromThePostgresEpoch() {
        Instant ts = Instant.parse("1999-12-31T23:59:59.000001Z");
        ByteBuffer times = header(BinaryArray.of(PgType.TIMESTAMPTZ, new Object[] {ts}), PgType.TIMESTAMPTZ, 1, false);
        ByteBuffer dates =
                header(BinaryArray.of(PgType.DATE, new Object[] {LocalDate.of(2000, 1, 3)}), PgType.DATE, 1, false);

        assertThat(times.getInt()).isEqualTo(8);
        assertThat(times.getLong()).isEqualTo(-999_999L);
        assertThat(dates.getInt()).isEqualTo(4);
        assertThat(dates.getInt()).isEqualTo(2);
    }

    @Test
    void sendsTextAsUtf8AndBpcharAsText() {
        BinaryArray array = BinaryArray.of(PgType.BPCHAR, new Object[] {"C", "é"});

        assertThat(array.arrayOid()).isEqualTo(1009);
        assertThat(textElements(array)).containsExactly("C", "é");
    }

    @Test
    void hasValueEqualityOverItsBytes() {
        assertThat(BinaryArray.of(PgType.TEXT, new Object[] {"a"}))
                .isEqualTo(BinaryArray.of(PgType.TEXT, new Object[] {"a"}))
                .isNotEqualTo(BinaryArray.of(PgType.TEXT, new Object[] {"b"}));
    }

    @Test
    void givesTheDriverAFreshBufferEachTime() {
        BinaryArray array = BinaryArray.of(PgType.TEXT, new Object[] {"a"});
        array.buffer().release();

        assertThat(array.buffer().readableBytes()).isEqualTo(array.bytes().length);
    }

    /** The elements of a text array, {@code null} where the element is null. */
    static List<String> textElements(BinaryArray array) {
        ByteBuffer in = ByteBuffer.wrap(array.bytes());
        assertThat(in.getInt()).as("dimensions").isEqualTo(1);
        in.getInt();
        assertThat(in.getInt()).as("element oid").isEqualTo(25);
        int n = in.getInt();
        assertThat(in.getInt()).as("lower bound").isEqualTo(1);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = in.getInt();
            if (length < 0) {
                elements.add(null);
                continue;
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            elements.add(new String(bytes, StandardCharsets.UTF_8));
        }
        assertThat(in.hasRemaining()).isFalse();
        return elements;
    }

    private static ByteBuffer header(BinaryArray array, PgType type, int size, boolean hasNull) {
        ByteBuffer in = ByteBuffer.wrap(array.bytes());
        assertThat(array.arrayOid()).isEqualTo(type.arrayOid());
        assertThat(Arrays.asList(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt()))
                .containsExactly(1, hasNull ? 1 : 0, type.elementOid(), size, 1);
        return in;
    }
}
