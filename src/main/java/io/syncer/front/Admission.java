package io.syncer.front;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control: at most {@code limit} checks run at once over every front and event loop; one more is refused at
 * once (503 with Retry-After) instead of queueing behind the others and missing its deadline. One lock-free counter
 * shared by the CheckFrontVerticle instances.
 */
public final class Admission {

    private final int limit;
    private final AtomicInteger running = new AtomicInteger();

    public Admission(int limit) {
        this.limit = limit;
    }

    /** Takes a slot; false when every slot is taken. */
    boolean tryAcquire() {
        if (running.incrementAndGet() > limit) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        running.decrementAndGet();
    }

    int limit() {
        return limit;
    }

}
