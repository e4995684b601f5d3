package io.syncer.metrics;

import io.syncer.model.CheckReport;
import io.syncer.model.PodResult;
import io.syncer.model.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The recent past for the live status page ({@code GET /} and {@code GET /v1/status}): checks per verdict in each of the
 * last {@value #MINUTES} minutes, the latency of the last {@value #LATENCIES} checks, and each pod's last
 * {@value #OUTCOMES_PER_POD} outcomes. Holds no token. Thread-safe (the event loops record; a page reads).
 */
public final class StatusBoard {

    static final int MINUTES = 15;
    static final int LATENCIES = 2_048;
    static final int OUTCOMES_PER_POD = 12;
    private static final int MAX_PODS = 1_000;

    private final long startedMinute = TimeUnit.MILLISECONDS.toMinutes(System.currentTimeMillis());
    private final long[] minuteOf = new long[MINUTES];
    /** Each pod's error of its last failed or not asked outcome. */
    private final Map<String, String> lastErrors = new LinkedHashMap<>();
    private final long[][] verdictsPerMinute = new long[MINUTES][Verdict.values().length];
    private final long[] latencyMicros = new long[LATENCIES];
    private int nextLatency;
    private int latencies;
    private final Map<String, ArrayDeque<String>> outcomes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<String>> eldest) {
            return size() > MAX_PODS;
        }
    };

    /** One answered check that took {@code nanos}. */
    public void checkDone(CheckReport report, long nanos) {
        long minute = TimeUnit.MILLISECONDS.toMinutes(System.currentTimeMillis());
        synchronized (this) {
            int slot = (int) (minute % MINUTES);
            if (minuteOf[slot] != minute) {
                minuteOf[slot] = minute;
                Arrays.fill(verdictsPerMinute[slot], 0);
            }
            verdictsPerMinute[slot][report.verdict().ordinal()]++;
            latencyMicros[nextLatency] = TimeUnit.NANOSECONDS.toMicros(nanos);
            nextLatency = (nextLatency + 1) % LATENCIES;
            latencies = Math.min(latencies + 1, LATENCIES);
            for (PodResult result : report.results()) {
                ArrayDeque<String> recent = outcomes.computeIfAbsent(result.pod().name(), name -> new ArrayDeque<>(OUTCOMES_PER_POD));
                if (recent.size() == OUTCOMES_PER_POD) {
                    recent.removeFirst();
                }
                recent.addLast(result.outcome().wireName());
                if (result.error() != null) {
                    if (lastErrors.size() >= MAX_PODS && !lastErrors.containsKey(result.pod().name())) {
                        lastErrors.remove(lastErrors.keySet().iterator().next());
                    }
                    lastErrors.put(result.pod().name(), result.error());
                }
            }
        }
    }

    /** Pod name to its recent outcomes, oldest first. */
    public synchronized JsonObject podOutcomes() {
        JsonObject json = new JsonObject();
        outcomes.forEach((name, recent) -> json.put(name, new JsonArray(recent.stream().toList())));
        return json;
    }

    /** Pod name to the error of its last failed or not asked outcome. */
    public synchronized JsonObject podErrors() {
        return new JsonObject(new LinkedHashMap<>(lastErrors));
    }

    /** The last minutes, oldest first: {@code [{"minute": epochMinute, "Synced": n, ...}]} (minutes without checks too). */
    public synchronized JsonArray verdictsPerMinute() {
        long now = TimeUnit.MILLISECONDS.toMinutes(System.currentTimeMillis());
        JsonArray minutes = new JsonArray();
        for (long minute = now - MINUTES + 1; minute <= now; minute++) {
            int slot = (int) (minute % MINUTES);
            JsonObject counts = new JsonObject().put("minute", minute);
            if (minute < startedMinute) {
                minutes.add(counts.put("noData", true)); // before this syncer started: not a minute without checks
                continue;
            }
            for (Verdict verdict : Verdict.values()) {
                counts.put(verdict.wireName(), minuteOf[slot] == minute ? verdictsPerMinute[slot][verdict.ordinal()] : 0);
            }
            minutes.add(counts);
        }
        return minutes;
    }

    /** Quantiles of the recent checks' latency: {@code {"count", "p50Ms", "p90Ms", "p99Ms"}}. */
    public JsonObject latency() {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(latencyMicros, latencies);
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
