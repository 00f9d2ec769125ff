package io.marketflow.store.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes rows in PostgreSQL's binary {@code COPY} format (header, one tuple per row, trailer). */
final class BinaryCopy {

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private BinaryCopy() {}

    /**
     * The whole COPY stream for {@code rows}. The buffer is unpooled heap memory, so it needs no release if
     * the copy never starts (the driver releases it when it does).
     */
    static <T> ByteBuf encode(List<Column<T>> columns, List<T> rows) {
        ByteBuf out = Unpooled.buffer(SIGNATURE.length + 10 + rows.size() * columns.size() * 16);
        out.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
        for (T row : rows) {
            out.writeShort(columns.size());
            for (Column<T> column : columns) {
                column.type().writeBinary(out, column.valueOf(row));
            }
        }
        return out.writeShort(-1);
    }
}
