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
     * The whole COPY stream for the rows whose values are {@code values[c][r]} (column c of {@code columns}, as
     * {@link Table#values} reads them). The buffer is unpooled heap memory, so it needs no release if the copy never
     * starts (the driver releases it when it does).
     */
    static ByteBuf encode(List<? extends Column<?>> columns, Object[][] values) {
        int rows = values[0].length;
        ByteBuf out = Unpooled.buffer(SIGNATURE.length + 10 + rows * columns.size() * 16);
        out.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
        for (int r = 0; r < rows; r++) {
            out.writeShort(columns.size());
            for (int c = 0; c < values.length; c++) {
                columns.get(c).type().writeBinary(out, values[c][r]);
            }
        }
        return out.writeShort(-1);
    }
}
