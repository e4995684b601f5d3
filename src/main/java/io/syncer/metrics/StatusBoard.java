package io.syncer.metrics;

import io.syncer.model.CheckReport;
import io.syncer.model.PodResult;
import io.syncer.model.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recent past for the live status page ({@code GET /} and {@code GET /v1/status}): checks per verdict in each of the
 * last {@value #MINUTES} minutes, the latency of the last {@value #LATENCIES} checks, and each pod's last
 * {@value #OUTCOMES_PER_POD} outcomes and last error. Holds no token. Lock-free: the event loops record with atomic
 * writes and never wait for each other or for a page being read; a reader sees each value whole, the set of them as of
 * a moment close to now.
 */
public final class StatusBoard {

    static final int MINUTES = 15;
    static final int LATENCIES = 2_048;
    static final int OUTCOMES_PER_POD = 12;
    private static final int MAX_PODS = 1_000;

    private final long startedMinute = TimeUnit.MILLISECONDS.toMinutes(System.currentTimeMillis());
    /** One slot per minute of the window, replaced (not cleared) when its minute comes round again. */
    private final AtomicReferenceArray<MinuteCounts> minutes = new AtomicReferenceArray<>(MINUTES);
    private final AtomicLongArray latencyMicros = new AtomicLongArray(LATENCIES);
    private final AtomicLong latencies = new AtomicLong();
    private final Map<String, PodRecent> pods = new ConcurrentHashMap<>();

    /** The counts of one minute. */
    private record MinuteCounts(long minute, LongAdder[] verdicts) {
        static MinuteCounts of(long minute) {
            LongAdder[] verdicts = new LongAdder[Verdict.values().length];
            for (int i = 0; i < verdicts.length; i++) {
                verdicts[i] = new LongAdder();
            }
            return new MinuteCounts(minute, verdicts);
        }
    }

    /** One pod's last outcomes (a ring) and last error. */
    private static final class PodRecent {
        private final AtomicReferenceArray<String> outcomes = new AtomicReferenceArray<>(OUTCOMES_PER_POD);
        private final AtomicInteger recorded = new AtomicInteger();
        private volatile String lastError;

        void add(String outcome) {
            int at = recorded.getAndIncrement();
            outcomes.set(Math.floorMod(at, OUTCOMES_PER_POD), outcome);
        }

        JsonArray oldestFirst() {
            int count = recorded.get();
            JsonArray json = new JsonArray();
            for (int i = Math.max(0, count - OUTCOMES_PER_POD); i < count; i++) {
                String outcome = outcomes.get(Math.floorMod(i, OUTCOMES_PER_POD));
                if (outcome != null) {
                    json.add(outcome);
                }
            }
            return json;
        }
    }

    /** Read repair's writes since start, by result (written, exists, refused, failed). */
    private final Map<String, LongAdder> repairs = new ConcurrentHashMap<>();

    /** A read-repair write ended with {@code result}. */
    public void keyvalRepair(String result) {
        repairs.computeIfAbsent(result, r -> new LongAdder()).increment();
    }

    /** Read repair's writes since start: {@code {"written": n, "exists": n, "refused": n, "failed": n}}. */
    public JsonObject repairs() {
        JsonObject json = new JsonObject();
        for (String result : java.util.List.of("written", "exists", "refused", "failed")) {
            LongAdder count = repairs.get(result);
            json.put(result, count == null ? 0L : count.sum());
        }
        return json;
    }

    /** One answered check that took {@code nanos}. */
    public void checkDone(CheckReport report, long nanos) {
        long minute = TimeUnit.MILLISECONDS.toMinutes(System.currentTimeMillis());
        countsOf(minute).verdicts()[report.verdict().ordinal()].increment();
        latencyMicros.set((int) Math.floorMod(latencies.getAndIncrement(), (long) LATENCIES), TimeUnit.NANOSECONDS.toMicros(nanos));
        for (PodResult result : report.results()) {
            PodRecent recent = pods.get(result.pod().name());
            if (recent == null) {
                if (pods.size() >= MAX_PODS) {
                    pods.keySet().stream().findFirst().ifPresent(pods::remove);
                }
                recent = pods.computeIfAbsent(result.pod().name(), name -> new PodRecent());
            }
            recent.add(result.outcome().wireName());
            if (result.error() != null) {
                recent.lastError = result.error();
            }
        }
    }

    private MinuteCounts countsOf(long minute) {
        int slot = (int) (minute % MINUTES);
        MinuteCounts counts = minutes.get(slot);
        while (counts == null || counts.minute() < minute) {
            MinuteCounts fresh = MinuteCounts.of(minute);
            if (minutes.compareAndSet(slot, counts, fresh)) {
                return fresh;
            }
            counts = minutes.get(slot);
        }
        return counts;
    }

    /** Pod name to its recent outcomes, oldest first. */
    public JsonObject podOutcomes() {
        JsonObject json = new JsonObject();
        new TreeMap<>(pods).forEach((name, recent) -> json.put(name, recent.oldestFirst()));
        return json;
    }

    /** Pod name to the error of its last failed or not asked outcome. */
    public JsonObject podErrors() {
        JsonObject json = new JsonObject();
        new TreeMap<>(pods).forEach((name, recent) -> {
            if (recent.lastError != null) {
                json.put(name, recent.lastError);
            }
        });
        return json;
    }

    /**
     * The last minutes, oldest first: {@code [{"minute": epochMinute, "Synced": n, ...}]} (minutes without checks too);
     * a minute before this syncer started is {@code {"minute": m, "noData": true}}.
     */
    public JsonArray verdictsPerMinute() {
        long now = TimeUnit.MILLISECONDS.toMinutes(System.currentTimeMillis());
        JsonArray json = new JsonArray();
        for (long minute = now - MINUTES + 1; minute <= now; minute++) {
            JsonObject counts = new JsonObject().put("minute", minute);
            if (minute < startedMinute) {
                json.add(counts.put("noData", true)); // before this syncer started: not a minute without checks
                continue;
            }
            MinuteCounts recorded = minutes.get((int) (minute % MINUTES));
            for (Verdict verdict : Verdict.values()) {
                counts.put(verdict.wireName(), recorded != null && recorded.minute() == minute ? recorded.verdicts()[verdict.ordinal()].sum() : 0);
            }
            json.add(counts);
        }
        return json;
    }

    /** Quantiles of the recent checks' latency: {@code {"count", "p50Ms", "p90Ms", "p99Ms"}}. */
    public JsonObject latency() {
        int count = (int) Math.min(latencies.get(), LATENCIES);
        long[] sorted = new long[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = latencyMicros.get(i);
        }
        Arrays.sort(sorted);
        JsonObject json = new JsonObject().put("count", sorted.length);
        if (sorted.length > 0) {
            json.put("p50Ms", quantileMs(sorted, 0.50)).put("p90Ms", quantileMs(sorted, 0.90)).put("p99Ms", quantileMs(sorted, 0.99));
        }
        return json;
    }

    private static double quantileMs(long[] sorted, double q) {
        return Math.round(sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 100.0) / 10.0;
    }
}
