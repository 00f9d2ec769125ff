package io.marketflow.store.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecRegistry;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Teaches r2dbc-postgresql to bind a {@link BinaryArray} as it is, in the binary format. Registered for every
 * connection through {@code META-INF/services/io.r2dbc.postgresql.extension.Extension} (the driver discovers
 * extensions with the {@link java.util.ServiceLoader}); it encodes nothing else and decodes nothing.
 */
public final class BinaryArrayCodec implements Codec<BinaryArray>, CodecRegistrar {

    @Override
    public Publisher<Void> register(
            PostgresqlConnection connection, ByteBufAllocator allocator, CodecRegistry registry) {
        registry.addFirst(this);
        return Mono.empty();
    }

    @Override
    public boolean canEncode(Object value) {
        return value instanceof BinaryArray;
    }

    @Override
    public boolean canEncodeNull(Class<?> type) {
        return false;
    }

    @Override
    public boolean canDecode(int dataType, Format format, Class<?> type) {
        return false;
    }

    @Override
    public BinaryArray decode(ByteBuf buffer, int dataType, Format format, Class<? extends BinaryArray> type) {
        throw new UnsupportedOperationException("BinaryArray is only ever sent");
    }

    @Override
    public EncodedParameter encode(Object value) {
        BinaryArray array = (BinaryArray) value;
        // A fresh wrapper per subscription: the driver releases what it sends.
        return new EncodedParameter(Format.FORMAT_BINARY, array.arrayOid(), Mono.fromSupplier(array::buffer));
    }

    @Override
    public EncodedParameter encode(Object value, int dataType) {
        return encode(value);
    }

    @Override
    public EncodedParameter encodeNull() {
        throw new UnsupportedOperationException("a batch column is never null");
    }
}
