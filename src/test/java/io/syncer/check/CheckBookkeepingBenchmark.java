package io.syncer.check;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncer.config.CheckConfig;
import io.syncer.config.SyncerConfig;
import io.syncer.metrics.Telemetry;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Expectation;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * JMH (run with scripts/jmh.sh, allocation per operation with -prof gc): the check engine's own work for one check
 * with no network and no event loop, at 3, 30 and 100 pods. The pods' HTTP client is a stub whose requests never
 * complete, the Vertx a stub whose timers are never due and whose {@code runOnContext} runs at once; the replies are
 * handed in as the probes would hand them.
 * <ul>
 *   <li>{@code verdictMerge}: one caller over its own fan-out: the fan-out and its probes built, the caller joined,
 *   one "known" reply per pod merged into its results, the verdict and the report made.</li>
 *   <li>{@code coalescedFanOut}: eight callers of the same token sharing one fan-out: each reply is handed to every
 *   caller, each caller answers; the cost per caller is the figure to compare.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CheckBookkeepingBenchmark {

    private static final int CALLERS = 8;

    @Param({"3", "30", "100"})
    int pods;

    private Vertx vertx;
    private ProbePlan plan;
    private PodSet podSet;
    private Telemetry metrics;
    private LoopLag lag;
    private ProbeReply[] replies;

    @Setup
    public void setUp() {
        long[] timers = new long[1];
        vertx = (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "setTimer":
                    return ++timers[0];
                case "cancelTimer":
                    return true;
                case "runOnContext":
                    @SuppressWarnings("unchecked")
                    io.vertx.core.Handler<Void> task = (io.vertx.core.Handler<Void>) args[0];
                    task.handle(null);
                    return null;
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
        metrics = Telemetry.of(new SimpleMeterRegistry());
        JsonArray staticPods = new JsonArray();
        List<Pod> list = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            staticPods.add(new JsonObject().put("name", "gw-" + i).put("address", "127.0.0.1:" + (20_000 + i)));
            list.add(new Pod("gw-" + i, "127.0.0.1", 20_000 + i));
        }
        CheckConfig config = SyncerConfig.fromJson(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", staticPods))).check();
        HttpClient neverAnswers = (HttpClient) Proxy.newProxyInstance(HttpClient.class.getClassLoader(), new Class<?>[] {HttpClient.class},
                (proxy, method, args) -> Future.class.isAssignableFrom(method.getReturnType()) ? Promise.promise().future() : null);
        plan = new ProbePlan(vertx, neverAnswers, new TokenQuestion(config.pod()), new Backoff(config.retries()), config.retries().attempts(),
                config.pod().maxBodyBytes(), metrics,
                new PodConnections(config.pod().pool().connectionBudget(), config.pod().pool().maxConnections(), config.pod().pool().maxWaitQueue(),
                Runnable::run), null);
        podSet = new PodSet(1, list);
        lag = new LoopLag(vertx);
        replies = new ProbeReply[pods];
        for (int i = 0; i < pods; i++) {
            replies[i] = new ProbeReply(ProbeReply.Kind.REACHED, 1, 200, null, System.nanoTime(), 0);
        }
    }

    @Benchmark
    public CheckReport verdictMerge() {
        CheckRequest request = new CheckRequest("token", null, true);
        FanOut fanOut = newFanOut(request);
        CheckRun run = new CheckRun(vertx, request, pods, 1_000, lag, Set.of());
        Future<CheckReport> report = run.start(fanOut, Promise.<Void>promise().future());
        for (int i = 0; i < pods; i++) {
            run.onReply(i, replies[i]);
        }
        return report.result();
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CALLERS)
    public CheckReport coalescedFanOut() {
        CheckRequest first = new CheckRequest("token", null, true);
        FanOut fanOut = newFanOut(first);
        List<Future<CheckReport>> reports = new ArrayList<>(CALLERS);
        for (int c = 0; c < CALLERS; c++) {
            reports.add(new CheckRun(vertx, c == 0 ? first : new CheckRequest("token", null, true), pods, 1_000, lag, Set.of())
                    .start(fanOut, Promise.<Void>promise().future()));
        }
        for (int i = 0; i < pods; i++) {
            fanOut.onReply(i, replies[i]);
        }
        return reports.get(CALLERS - 1).result();
    }

    private FanOut newFanOut(CheckRequest request) {
        return new FanOut(plan, "token", new Ask(request.token(), "sha256:0", Expectation.PRESENT, null), podSet, null,
                request.receivedNanos(), false, closed -> { });
    }
}
