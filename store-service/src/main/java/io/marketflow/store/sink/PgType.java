package io.marketflow.store.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The column types the sinks write, each knowing its binary {@code COPY} encoding, the array it binds as one
 * {@code unnest} parameter, and the Java type an item holds it as (which is also how a read gets it back).
 * Binary layouts follow the PostgreSQL send/recv functions of each type.
 */
enum PgType {
    TEXT("text[]", 25, 1009),
    /** {@code char(n)}: sent as text; the server pads and checks the length. */
    BPCHAR("text[]", 25, 1009),
    FLOAT8("float8[]", 701, 1022),
    INT8("int8[]", 20, 1016),
    TIMESTAMPTZ("timestamptz[]", 1184, 1185),
    DATE("date[]", 1082, 1182),
    /** Bound for unnest as one array literal per row ({@code unnest} would flatten a 2-D array). */
    TEXT_ARRAY("text[]", 25, 1009);

    /** 2000-01-01T00:00:00Z, the PostgreSQL epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final int TEXT_OID = 25;

    private final String unnestArrayType;
    private final int elementOid;
    private final int arrayOid;

    PgType(String unnestArrayType, int elementOid, int arrayOid) {
        this.unnestArrayType = unnestArrayType;
        this.elementOid = elementOid;
        this.arrayOid = arrayOid;
    }

    /** The OID of an element of this column's unnest parameter (text for the literals of a text array). */
    int elementOid() {
        return elementOid;
    }

    /** The OID of {@link #unnestArrayType()}. */
    int arrayOid() {
        return arrayOid;
    }

    /** The cast of this column's unnest parameter, e.g. {@code float8[]}. */
    String unnestArrayType() {
        return unnestArrayType;
    }

    /** The type of an item's component holding a value of this column: what {@link #read} returns. */
    Class<?> valueType() {
        return switch (this) {
            case TEXT, BPCHAR -> String.class;
            case FLOAT8 -> Double.class;
            case INT8 -> Long.class;
            case TIMESTAMPTZ -> Instant.class;
            case DATE -> LocalDate.class;
            case TEXT_ARRAY -> List.class;
        };
    }

    /**
     * The type a record component of Java type {@code javaType} is stored as, unless its table says otherwise:
     * the one whose {@link #valueType} it is ({@link #TEXT} for a string; {@link #BPCHAR} only when asked for).
     */
    static PgType storing(Class<?> javaType) {
        for (PgType type : values()) {
            if (type != BPCHAR && type.valueType() == javaType) {
                return type;
            }
        }
        throw new IllegalArgumentException("no column type stores " + javaType.getName());
    }

    /** The value of {@code column} in a row read with R2DBC, as an item holds it (a text array as a list). */
    Object read(Readable row, String column) {
        if (this == TEXT_ARRAY) {
            String[] array = row.get(column, String[].class);
            return array == null ? null : Arrays.asList(array);
        }
        return row.get(column, valueType());
    }

    /** The select expression turning the unnested element back into the column's type. */
    String unnestSelect(String column) {
        return this == TEXT_ARRAY ? column + "::text[]" : column;
    }

    /**
     * Brings a value to what the column stores, so that two items the database would key alike are alike in
     * Java too: timestamptz keeps microseconds, and two bars 100 ns apart are one row.
     */
    Object normalize(Object value) {
        if (this == TIMESTAMPTZ && value instanceof Instant instant && instant.getNano() % 1_000 != 0) {
            return instant.truncatedTo(ChronoUnit.MICROS); // most timestamps are whole microseconds already
        }
        return value;
    }

    /** Bytes a value of this type takes in the binary format when that is fixed, else 0. */
    int fixedWidth() {
        return switch (this) {
            case FLOAT8, INT8, TIMESTAMPTZ -> 8;
            case DATE -> 4;
            case TEXT, BPCHAR, TEXT_ARRAY -> 0;
        };
    }

    /** Writes a non-null value of a {@link #fixedWidth} type, as {@link #writeBinary} does after the length. */
    void putFixedWidth(ByteBuffer out, Object value) {
        switch (this) {
            case FLOAT8 -> out.putDouble((Double) value);
            case INT8 -> out.putLong((Long) value);
            case TIMESTAMPTZ -> out.putLong(pgMicros((Instant) value));
            case DATE -> out.putInt(pgDay((LocalDate) value));
            case TEXT, BPCHAR, TEXT_ARRAY -> throw new IllegalStateException(this + " has no fixed width");
        }
    }

    /**
     * Writes one element of this column's unnest parameter in the binary array format (an element is laid out
     * as a COPY field); a text array as its array literal.
     */
    void writeArrayElement(ByteBuf out, Object value) {
        if (this == TEXT_ARRAY && value != null) {
            writeText(out, arrayLiteral((List<?>) value));
        } else {
            writeBinary(out, value);
        }
    }

    /** Writes one field of a binary COPY row: int32 length (-1 for null), then the value's bytes. */
    void writeBinary(ByteBuf out, Object value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        switch (this) {
            case TEXT, BPCHAR -> writeText(out, (String) value);
            case FLOAT8 -> out.writeInt(8).writeDouble((Double) value);
            case INT8 -> out.writeInt(8).writeLong((Long) value);
            case TIMESTAMPTZ -> out.writeInt(8).writeLong(pgMicros((Instant) value));
            case DATE -> out.writeInt(4).writeInt(pgDay((LocalDate) value));
            case TEXT_ARRAY -> writeTextArray(out, (List<?>) value);
        }
    }

    private static int pgDay(LocalDate date) {
        return Math.toIntExact(date.toEpochDay() - PG_EPOCH_DAY);
    }

    private static long pgMicros(Instant instant) {
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L), instant.getNano() / 1_000);
    }

    private static void writeText(ByteBuf out, String text) {
        out.writeInt(ByteBufUtil.utf8Bytes(text));
        ByteBufUtil.writeUtf8(out, text);
    }

    /** array_recv layout: ndim, has-nulls flag, element oid, then per dimension size and lower bound. */
    private static void writeTextArray(ByteBuf out, List<?> elements) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int start = out.writerIndex();
        boolean empty = elements.isEmpty();
        out.writeInt(empty ? 0 : 1);
        out.writeInt(hasNull(elements) ? 1 : 0);
        out.writeInt(TEXT_OID);
        if (!empty) {
            out.writeInt(elements.size());
            out.writeInt(1);
        }
        for (Object element : elements) {
            if (element == null) {
                out.writeInt(-1);
            } else {
                writeText(out, (String) element);
            }
        }
        out.setInt(lengthIndex, out.writerIndex() - start);
    }

    // List.copyOf lists throw on contains(null), so look by hand.
    private static boolean hasNull(List<?> elements) {
        for (Object element : elements) {
            if (element == null) {
                return true;
            }
        }
        return false;
    }

    /** {@code {"a","b"}} with quotes and backslashes escaped, so any string survives the round trip. */
    private static String arrayLiteral(List<?> elements) {
        StringBuilder literal = new StringBuilder(2 + elements.size() * 8).append('{');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            Object element = elements.get(i);
            if (element == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            String text = (String) element;
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}
