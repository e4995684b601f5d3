package io.syncer.pods;

import io.vertx.core.buffer.Buffer;

/**
 * A pod's answer body, read up to a limit: kept when the question needs it (the keyval probe's JSON), only counted
 * when it does not (the token probe needs the status alone). Memory never grows with what a pod sends.
 */
public final class BoundedBody {

    private final long limit;
    private final Buffer kept;
    private long size;

    public BoundedBody(long limit, boolean keep) {
        this.limit = limit;
        this.kept = keep ? Buffer.buffer() : null;
    }

    /** Adds a chunk; false when the body has grown past the limit (nothing more is kept). */
    public boolean add(Buffer chunk) {
        size += chunk.length();
        if (size > limit) {
            return false;
        }
        if (kept != null) {
            kept.appendBuffer(chunk);
        }
        return true;
    }

    /** What was kept (empty when the body is not needed). */
    public Buffer body() {
        return kept != null ? kept : Buffer.buffer();
    }
}
