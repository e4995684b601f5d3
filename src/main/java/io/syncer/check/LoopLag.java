package io.syncer.check;

import io.vertx.core.Vertx;

import java.util.Arrays;

/**
 * How late this event loop runs its timers now: a timer every {@value #PERIOD_MS} ms measures by how much it fired
 * after its time, and the estimate is the second largest of the last {@value #WINDOW} such delays (none before {@value #MIN_SAMPLES}), so that a
 * one-off stall (a cold start, a GC pause) does not count but a loop that keeps being late does. A check's deadline
 * timer is set earlier by that lag less {@value #NOISE_MS} ms of timer noise (at most a quarter of the deadline), so that
 * on a loaded loop the answer still leaves by the caller's deadline: the pods get a little less time, and a check never
 * answers later because its own timer was queued behind other work. An idle loop answers at the deadline. Must be used
 * from the event loop that started it.
 */
final class LoopLag {

    static final long PERIOD_MS = 10;
    static final int WINDOW = 64;
    static final long NOISE_MS = 5;
    /** Fewer samples than this say nothing yet (the first ones after a start see the start's own class loading). */
    static final int MIN_SAMPLES = 16;

    private final Vertx vertx;
    private final long[] samples = new long[WINDOW];
    private final long[] sorted = new long[WINDOW];
    private int next;
    private long count;
    private long lagNanos;
    private long scheduledAt;
    private long timer = -1;
    private boolean stopped;

    LoopLag(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts measuring on the calling context's event loop. */
    LoopLag start() {
        schedule();
        return this;
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** The recent lag of this loop's timers, in nanoseconds. */
    long nanos() {
        return lagNanos;
    }

    /** How much earlier than its deadline a check of {@code deadlineMs} is answered. */
    long marginNanos(int deadlineMs) {
        return Math.min(Math.max(0, lagNanos - NOISE_MS * 1_000_000L), maxMarginNanos(deadlineMs));
    }

    /** The most a check of {@code deadlineMs} gives up of its deadline: a quarter of it. */
    long maxMarginNanos(int deadlineMs) {
        return deadlineMs * 250_000L;
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        scheduledAt = System.nanoTime();
        timer = vertx.setTimer(PERIOD_MS, id -> {
            record(Math.max(0, System.nanoTime() - scheduledAt - PERIOD_MS * 1_000_000L));
            schedule();
        });
    }

    /** One measured delay; package-private so that a test can set a lag by hand after {@link #stop()}. */
    void record(long late) {
        samples[next] = late;
        next = (next + 1) % WINDOW;
        count++;
        if (count < MIN_SAMPLES) {
            return;
        }
        int size = (int) Math.min(count, WINDOW);
        System.arraycopy(samples, 0, sorted, 0, size);
        Arrays.sort(sorted, 0, size);
        lagNanos = sorted[size - 2];
    }
}
