package io.syncer.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an immutable record across the local event bus by reference, without copying or serialising.
 * It refuses to go on the wire: these records are internal to one syncer process.
 *
 * @param <T> the record type
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

    private final Class<T> type;

    public LocalCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        throw new UnsupportedOperationException(type.getSimpleName() + " is local to this process");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(type.getSimpleName() + " is local to this process");
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return "local-" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
