package io.marketflow.store.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One column of a batch as a one-dimensional PostgreSQL array in the binary wire format ({@code array_recv}:
 * dimensions, null flag, element type, length and lower bound, then each element as int32 length and bytes),
 * encoded on the worker thread that prepares the batch. Bound as an {@code unnest} parameter through
 * {@link BinaryArrayCodec}, it reaches the server as bytes the driver only copies: the driver's own array
 * codec would print every double and timestamp as text on its event loop, which was half of that thread's
 * CPU, and the server would parse the text back.
 *
 * @param arrayOid the array type's OID, e.g. 1022 for {@code float8[]}
 * @param bytes the encoded array; not to be changed once made
 */
record BinaryArray(int arrayOid, byte[] bytes) {

    BinaryArray {
        Objects.requireNonNull(bytes, "bytes");
    }

    /** {@code values} (normalized column values, nulls allowed) as an array of {@code type}'s elements. */
    static BinaryArray of(PgType type, Object[] values) {
        int width = type.fixedWidth();
        if (width > 0) {
            return ofFixedWidth(type, values, width);
        }
        ByteBuf out = Unpooled.buffer(20 + values.length * 16);
        out.writeInt(1); // one dimension
        int nullFlagIndex = out.writerIndex();
        out.writeInt(0);
        out.writeInt(type.elementOid());
        out.writeInt(values.length);
        out.writeInt(1); // lower bound
        boolean hasNull = false;
        for (Object value : values) {
            hasNull |= value == null;
            type.writeArrayElement(out, value);
        }
        out.setInt(nullFlagIndex, hasNull ? 1 : 0);
        return new BinaryArray(type.arrayOid(), ByteBufUtil.getBytes(out));
    }

    /**
     * Numbers, timestamps and dates straight into an array of the exact size: through a {@link ByteBuf} every
     * value paid a reference-count and a capacity check, and the whole array a copy at the end.
     */
    private static BinaryArray ofFixedWidth(PgType type, Object[] values, int width) {
        int nulls = 0;
        for (Object value : values) {
            if (value == null) {
                nulls++;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(20 + values.length * (4 + width) - nulls * width);
        out.putInt(1)
                .putInt(nulls > 0 ? 1 : 0)
                .putInt(type.elementOid())
                .putInt(values.length)
                .putInt(1);
        for (Object value : values) {
            if (value == null) {
                out.putInt(-1);
            } else {
                type.putFixedWidth(out.putInt(width), value);
            }
        }
        return new BinaryArray(type.arrayOid(), out.array());
    }

    /** A fresh buffer over the bytes for the driver to send and release (wrapping copies nothing). */
    ByteBuf buffer() {
        return Unpooled.wrappedBuffer(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinaryArray that && arrayOid == that.arrayOid && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * arrayOid + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "BinaryArray[oid=" + arrayOid + ", " + bytes.length + " bytes]";
    }
}
