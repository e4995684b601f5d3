package io.syncer.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long tokens take to reach the pods: every wait of a pod that did not know a token at its first attempt and knew
 * it later, from the check's start. Kept in the histogram {@code syncer_propagation_seconds} (no pod label) and in a
 * sliding window (the last {@value #CAPACITY} waits of the last {@value #WINDOW_SECONDS} s) for
 * {@code GET /v1/propagation} and for the {@code retryAfterMs} estimate. Lock-free: shared by the event loops, a wait is
 * written with one atomic store, and the sorted window is rebuilt by whoever finds it out of date.
 */
public final class Propagation {

    static final int CAPACITY = 4_096;
    static final long WINDOW_SECONDS = 300;
    /** Fewer waits longer than a check's own than this, and {@link #retryAfterMs} says nothing. */
    static final int MIN_LONGER = 3;
    static final long MIN_RETRY_MS = 10;
    static final long MAX_RETRY_MS = 10_000;

    private final Timer histogram;
    private final Timer repairedHistogram;
    /** Each wait packed as (seconds since the epoch << 32 | milliseconds waited), written without a lock. */
    private final AtomicLongArray waits = new AtomicLongArray(CAPACITY);
    private final AtomicLong recorded = new AtomicLong();
    /** The window, sorted, as of {@link Window#atMillis}: rebuilt at most every {@value #WINDOW_REFRESH_MS} ms. */
    private volatile Window window = new Window(new long[0], 0, -1);

    /** A sorted copy of the window's waits. */
    private record Window(long[] sorted, long atMillis, long recordedAt) {
    }

    static final long WINDOW_REFRESH_MS = 250;

    Propagation(MeterRegistry registry) {
        this.histogram = Timer.builder("syncer.propagation")
                .description("How long a pod that did not know a token at its first attempt took to know it, from the check's start")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.repairedHistogram = Timer.builder("syncer.propagation.repaired")
                .description("How long a pod syncer wrote the key to (read repair) took to know it, from the check's start;"
                        + " kept apart from syncer_propagation_seconds, which measures zone_sync")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** A pod syncer wrote the key to knew it {@code nanos} after the check started (not zone_sync's doing: kept apart). */
    public void recordRepaired(long nanos) {
        repairedHistogram.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A pod learnt a token {@code nanos} after the check started. */
    public void record(long nanos) {
        histogram.record(nanos, TimeUnit.NANOSECONDS);
        long waitMs = Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos));
        long packed = (System.currentTimeMillis() / 1000L) << 32 | waitMs;
        waits.set((int) Math.floorMod(recorded.getAndIncrement(), (long) CAPACITY), packed);
    }

    /**
     * The waits of the window, sorted: the copy made at most {@value #WINDOW_REFRESH_MS} ms ago (or just now, when waits
     * were recorded since and it is older). No lock: the check path that asks for it never waits for another loop.
     */
    private long[] recent() {
        Window current = window;
        long now = System.currentTimeMillis();
        long count = recorded.get();
        if (current.recordedAt() == count && now - current.atMillis() < WINDOW_REFRESH_MS) {
            return current.sorted();
        }
        if (current.recordedAt() != count || now - current.atMillis() >= WINDOW_REFRESH_MS) {
            long sinceSeconds = (now - TimeUnit.SECONDS.toMillis(WINDOW_SECONDS)) / 1000L;
            int size = (int) Math.min(count, CAPACITY);
            long[] recent = new long[size];
            int kept = 0;
            for (int i = 0; i < size; i++) {
                long packed = waits.get(i);
                if ((packed >>> 32) >= sinceSeconds) {
                    recent[kept++] = packed & 0xFFFF_FFFFL;
                }
            }
            long[] sorted = Arrays.copyOf(recent, kept);
            Arrays.sort(sorted);
            current = new Window(sorted, now, count);
            window = current;
        }
        return current.sorted();
    }

    /**
     * The time the pods still missing after {@code elapsedMs} most likely need: among the recent waits longer than
     * {@code elapsedMs}, the 90th percentile less {@code elapsedMs}, between {@value #MIN_RETRY_MS} ms and
     * {@value #MAX_RETRY_MS} ms; null when fewer than {@value #MIN_LONGER} recent waits were that long (no data to
     * say it from).
     */
    public Long retryAfterMs(long elapsedMs) {
        long[] sorted = recent();
        int firstLonger = 0;
        while (firstLonger < sorted.length && sorted[firstLonger] <= elapsedMs) {
            firstLonger++;
        }
        int longer = sorted.length - firstLonger;
        if (longer < MIN_LONGER) {
            return null;
        }
        long p90 = sorted[firstLonger + rank(longer, 0.90)];
        return Math.max(MIN_RETRY_MS, Math.min(MAX_RETRY_MS, p90 - elapsedMs));
    }

    /** {@code GET /v1/propagation}: quantiles of the window, with its size. */
    public JsonObject summary() {
        long[] sorted = recent();
        JsonObject json = new JsonObject().put("windowSeconds", WINDOW_SECONDS).put("count", sorted.length);
        if (sorted.length > 0) {
            json.put("p50Ms", sorted[rank(sorted.length, 0.50)]).put("p90Ms", sorted[rank(sorted.length, 0.90)])
                    .put("p99Ms", sorted[rank(sorted.length, 0.99)]).put("maxMs", sorted[sorted.length - 1]);
        }
        return json;
    }

    /** The nearest-rank index of quantile {@code q} among {@code n} sorted values. */
    private static int rank(int n, double q) {
        return Math.max(0, (int) Math.ceil(q * n) - 1);
    }
}
