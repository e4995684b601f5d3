package io.syncer.check;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pods that answer badly (connect, reset, too_large, bad_body, http_5xx ...) are normal in a degraded gateway: each
 * failure is logged at DEBUG and counted in a metric, and this summary logs at most one WARN line per interval with
 * the counts by kind, however many failures a burst has. Safe from any event loop.
 */
final class ErrorSummary {

    private static final Logger LOGGER = LoggerFactory.getLogger(ErrorSummary.class);
    private static final long INTERVAL_NANOS = 10_000_000_000L;
    static final ErrorSummary POD_ERRORS = new ErrorSummary();

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    void count(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        long last = lastLogNanos.get();
        long now = System.nanoTime();
        if (now - last >= INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
            Map<String, Long> burst = new TreeMap<>();
            counts.forEach((k, adder) -> {
                long n = adder.sumThenReset();
                if (n > 0) {
                    burst.put(k, n);
                }
            });
            LOGGER.warn("Pods failed to answer in the last {} s (by kind; details at DEBUG): {}", INTERVAL_NANOS / 1_000_000_000L, burst);
        }
    }
}
