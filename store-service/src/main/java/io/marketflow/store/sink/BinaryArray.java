package io.marketflow.store.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
