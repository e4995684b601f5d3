package io.syncer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncer.model.CheckReport;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Outcome;
import io.syncer.model.PodResult;
import io.syncer.model.Verdict;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * syncer's own meters, every name starting with {@code syncer_}, and nothing else (the status board, the propagation
 * window and the tracer are their own objects: {@link Telemetry}). Label values are bounded (verdicts, outcomes,
 * discovery kinds); a token never becomes a label. Meters are created once, so recording allocates nothing.
 */
public final class SyncerMetrics {

    private static final Pattern VERTX_NAME = Pattern.compile("(?m)^(# (?:HELP|TYPE) )?vertx_");

    private final MeterRegistry registry;
    private final Timer checkDuration;
    private final Map<Verdict, Counter> verdicts = new EnumMap<>(Verdict.class);
    private final Map<Outcome, Counter> podOutcomes = new EnumMap<>(Outcome.class);
    private final Map<String, Counter> discoveryEvents = new ConcurrentHashMap<>();
    private final Map<String, Counter> podErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> busRequests = new ConcurrentHashMap<>();
    private final Map<String, Counter> keyvalRepairs = new ConcurrentHashMap<>();
    private final Counter coalesced;
    private final Counter podRequestsCancelled;
    private final Counter podRequestsNotStarted;
    private final Counter checksRejected;
    private final Counter checksOverloaded;
    private final AtomicInteger pods = new AtomicInteger();
    private final AtomicLong lastPodSetChangeMillis = new AtomicLong();
    private final AtomicInteger watching = new AtomicInteger(1);
    private final AtomicReference<DiscoveryState> discoveryState = new AtomicReference<>(DiscoveryState.NOT_KNOWN);
    private final Set<LongSupplier> loopLags = ConcurrentHashMap.newKeySet();
    private final Set<IntSupplier> podRequestsWaiting = ConcurrentHashMap.newKeySet();
    private volatile IntSupplier clusterMembers = () -> 0;

    /** @param registry where the meters go: syncer's own Prometheus registry, or an embedding host's registry */
    public SyncerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.checkDuration = Timer.builder("syncer.check.duration")
                .description("Time from the start of a check to its answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        for (Verdict verdict : Verdict.values()) {
            verdicts.put(verdict, Counter.builder("syncer.checks").description("Checks answered, by verdict")
                    .tag("verdict", verdict.wireName()).register(registry));
        }
        for (Outcome outcome : Outcome.values()) {
            podOutcomes.put(outcome, Counter.builder("syncer.pod.outcomes").description("Per-pod results of checks, by outcome")
                    .tag("outcome", outcome.wireName()).register(registry));
        }
        podRequestsCancelled = Counter.builder("syncer.pod.requests.cancelled")
                .description("Pod requests reset because no caller needed their answer any more").register(registry);
        podRequestsNotStarted = Counter.builder("syncer.pod.requests.not.started")
                .description("Pod requests not made (nor queued) because no caller's deadline left room").register(registry);
        checksRejected = Counter.builder("syncer.checks.rejected")
                .description("Checks refused with 503 at once because check.maxInFlight checks were running").register(registry);
        checksOverloaded = Counter.builder("syncer.checks.overloaded")
                .description("Checks refused with 503 because pods that would decide them could not be asked (their wait queue"
                        + " was full, or no request could start before the deadline)").register(registry);
        for (String result : List.of("written", "exists", "refused", "failed")) {
            keyvalRepairs.put(result, Counter.builder("syncer.keyval.repairs")
                    .description("Read repair's keyval writes to pods that lagged (check.keyval.repair.enabled), by result")
                    .tag("result", result).register(registry));
        }
        coalesced = Counter.builder("syncer.checks.coalesced")
                .description("Checks that shared a running fan-out for the same token").register(registry);
        Gauge.builder("syncer.pods", pods, AtomicInteger::get).description("Pods in the current pod set").register(registry);
        Gauge.builder("syncer.pod.set.age.seconds", lastPodSetChangeMillis, SyncerMetrics::secondsSince)
                .description("Seconds since the pod set last changed (NaN before the first set)").register(registry);
        Gauge.builder("syncer.discovery.watching", watching, AtomicInteger::get)
                .description("1 while discovery watches hold, 0 while broken").register(registry);
        POD_ERROR_REASONS.forEach(reason -> podErrors.put(reason, Counter.builder("syncer.pod.errors")
                .description("Pods that failed during a check, by reason").tag("reason", reason).register(registry)));
        Gauge.builder("syncer.pod.requests.waiting", podRequestsWaiting,
                        waiting -> waiting.stream().mapToInt(IntSupplier::getAsInt).sum())
                .description("Pod requests waiting for one of their pod's connections (check.pod.connectionBudget); "
                        + "beyond check.pod.maxWaitQueue per pod they fail at once: syncer_pod_errors_total{reason=\"pool_busy\"}")
                .register(registry);
        Gauge.builder("syncer.event.loop.lag.seconds", loopLags, SyncerMetrics::maxSeconds)
                .description("How late the check engines' event loops run their timers now (the largest); checks answer this much before their deadline")
                .register(registry);
        for (DiscoveryState state : DiscoveryState.values()) {
            Gauge.builder("syncer.discovery.state", discoveryState, current -> current.get() == state ? 1 : 0)
                    .description("1 for the state discovery is in (settled, held, no_pods, missing, not_known), 0 for the others")
                    .tag("state", state.wireName()).register(registry);
        }
    }

    /**
     * Follows one engine's count of pod requests waiting for a connection until the returned action is run (read from
     * the scraping thread: a moment-old value is fine for a gauge).
     */
    public Runnable trackPodRequestsWaiting(IntSupplier waiting) {
        podRequestsWaiting.add(waiting);
        return () -> podRequestsWaiting.remove(waiting);
    }

    /** Follows one event loop's timer lag (nanoseconds) until the returned action is run. */
    public Runnable trackLoopLag(LongSupplier lagNanos) {
        loopLags.add(lagNanos);
        return () -> loopLags.remove(lagNanos);
    }

    private static double maxSeconds(Set<LongSupplier> lags) {
        long max = 0;
        for (LongSupplier lag : lags) {
            max = Math.max(max, lag.getAsLong());
        }
        return max / 1e9;
    }

    /**
     * The registry syncer's meters and Vert.x's go to, scraped at /metrics. Its exposition passes {@code promtool check
     * metrics}: Micrometer's JVM binders name two meters with abbreviated units ({@code jvm_compilation_time_ms_total},
     * {@code process_cpu_time_ns_total}: dropped, {@code process_cpu_usage} and the JIT's share of the CPU profile say
     * the same) and one gauge with a {@code _count} suffix ({@code system_cpu_count}: renamed {@code system_cpus}).
     */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(MeterFilter.denyNameStartsWith("jvm.compilation.time"))
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                    }
                });
        return registry;
    }

    /** Vert.x's own meters (HTTP server and client, pools, event bus), recorded in the registry given to the factory. */
    public static MicrometerMetricsOptions vertxMetricsOptions() {
        // HTTP client meters cost a tagged meter look-up per pod request (the benchmarks say how much); syncer's own pod
        // meters (outcomes, errors, cancelled, not started) say what an operator needs
        return new MicrometerMetricsOptions().setEnabled(true)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT).addDisabledMetricsCategory(MetricsDomain.NET_CLIENT);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The Prometheus text exposition of every meter, Vert.x's renamed {@code syncer_vertx_*} so that every syncer
     * series starts with syncer_. Renaming the text rather than the meters keeps Vert.x's own meter lookups intact.
     */
    public String scrape() {
        return registry instanceof PrometheusMeterRegistry prometheus
                ? VERTX_NAME.matcher(prometheus.scrape()).replaceAll("$1syncer_vertx_") : "";
    }

    /** Whether {@link #scrape()} has anything to serve (false when the meters go to a host's non-Prometheus registry). */
    public boolean scrapable() {
        return registry instanceof PrometheusMeterRegistry;
    }

    /**
     * The zone_sync gauges, read at each scrape from the latest poll (check.zoneSync.enabled): the pods it found isolated
     * and the largest records_pending it saw.
     */
    public void followZoneSync(java.util.function.Supplier<Number> isolatedPods, java.util.function.Supplier<Number> maxRecordsPending) {
        Gauge.builder("syncer.zone.sync.isolated.pods", isolatedPods)
                .description("Pods whose zone_sync sees fewer than (pods - 1) nodes online (check.zoneSync.enabled)").register(registry);
        Gauge.builder("syncer.zone.sync.records.pending.max", maxRecordsPending)
                .description("The largest records_pending of any zone on any pod at the last zone_sync poll").register(registry);
    }

    /** Members of the cluster this one sees (0 when not clustered). */
    public void clusterMembers(IntSupplier members) {
        // Micrometer holds a gauge's object weakly: this field keeps the supplier alive as long as these meters
        clusterMembers = members;
        Gauge.builder("syncer.cluster.members", this, metrics -> metrics.clusterMembers.getAsInt())
                .description("Members of the event-bus cluster this syncer sees, itself included").register(registry);
    }

    /**
     * Removes every syncer meter from the registry (an embedding host's registry outlives this syncer: a later syncer's
     * gauges must not find this one's in place). Vert.x's own meters stay.
     */
    public void close() {
        for (io.micrometer.core.instrument.Meter meter : List.copyOf(registry.getMeters())) {
            if (meter.getId().getName().startsWith("syncer.")) {
                registry.remove(meter);
            }
        }
    }

    /** A request served on a public event-bus address, by result (ok, or the failure code). */
    public void busRequest(String address, String result) {
        busRequests.computeIfAbsent(address + '\n' + result, k -> Counter.builder("syncer.bus.requests")
                .description("Requests served on syncer's public event-bus addresses, by address and result")
                .tag("address", address).tag("result", result).register(registry)).increment();
    }

    /**
     * A check refused because pods that would decide it could not be asked (syncer's own limits): its pod outcomes
     * ({@code not_asked} among them) are counted, no verdict is.
     */
    public void checkOverloaded(CheckReport report, long nanos) {
        checkDuration.record(nanos, TimeUnit.NANOSECONDS);
        checksOverloaded.increment();
        for (PodResult result : report.results()) {
            podOutcomes.get(result.outcome()).increment();
        }
    }

    public void checkDone(CheckReport report, long nanos) {
        checkDuration.record(nanos, TimeUnit.NANOSECONDS);
        verdicts.get(report.verdict()).increment();
        for (PodResult result : report.results()) {
            podOutcomes.get(result.outcome()).increment();
        }
    }

    public void podSetChanged(int size) {
        pods.set(size);
        lastPodSetChangeMillis.set(System.currentTimeMillis());
    }

    /** One informer event (add, update or delete) of {@code kind}: deployment, replicasets, pods. */
    public void discoveryEvent(String kind) {
        discoveryEvents.computeIfAbsent(kind, k -> Counter.builder("syncer.discovery.events")
                .description("Kubernetes watch events received, by kind").tag("kind", k).register(registry)).increment();
    }

    /** A keyval write of read repair ended with {@code result}: written, exists, refused or failed. */
    public void keyvalRepair(String result) {
        keyvalRepairs.get(result).increment();
    }

    /** A check joined a running fan-out for the same token instead of asking the pods again. */
    public void checkCoalesced() {
        coalesced.increment();
    }

    /** Every error kind a pod can fail with: their counters exist (at 0) from the start, so alerts and panels have a series. */
    public static final List<String> POD_ERROR_REASONS = java.util.Arrays.stream(io.syncer.model.PodError.values())
            .filter(error -> error != io.syncer.model.PodError.NO_TIME) // counted as syncer_pod_requests_not_started_total
            .map(io.syncer.model.PodError::wireName).toList();

    public void podError(String reason) {
        podErrors.computeIfAbsent(reason, r -> Counter.builder("syncer.pod.errors")
                .description("Pods that failed during a check, by reason").tag("reason", r).register(registry)).increment();
    }

    /** A pod request reset because no caller needed its answer any more (normal operation). */
    public void podRequestCancelled() {
        podRequestsCancelled.increment();
    }

    /** A pod request not made because no caller's deadline left room for it. */
    public void podRequestNotStarted() {
        podRequestsNotStarted.increment();
    }

    /** A check refused at once because check.maxInFlight checks were running. */
    public void checkRejected() {
        checksRejected.increment();
    }

    /** An informer whose watch stayed down was replaced. */
    public void watchRestarted(String kind) {
        Counter.builder("syncer.discovery.watch.restarts").description("Informers replaced after their watch stayed down, by kind")
                .tag("kind", kind).register(registry).increment();
    }

    /** What discovery knows now. */
    public void discoveryState(DiscoveryState state) {
        discoveryState.set(state);
    }

    public void watching(boolean holds) {
        watching.set(holds ? 1 : 0);
    }

    private static double secondsSince(AtomicLong millis) {
        long at = millis.get();
        return at == 0 ? Double.NaN : (System.currentTimeMillis() - at) / 1000.0;
    }
}
