package io.syncer.check;

import io.syncer.config.CheckConfig;
import io.syncer.metrics.Telemetry;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.PodSet;
import io.syncer.model.Verdict;
import io.syncer.testing.Await;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.OnContext;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's pod connections against real HTTP fake pods that answer slowly: each pod gets its share of
 * check.pod.connectionBudget, more checks wait for a connection, and beyond check.pod.maxWaitQueue they fail at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionBudgetTest {

    private static final int POD_DELAY_MS = 400;

    private Vertx vertx;
    private Context context;
    private final List<FakePod> pods = new ArrayList<>();
    private CheckEngine engine;
    private Telemetry metrics;

    @BeforeEach
    void startPods(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        for (String name : List.of("gw-a", "gw-b")) {
            FakePod pod = Await.result(FakePod.start(vertx, name));
            pod.delay(POD_DELAY_MS);
            pods.add(pod);
        }
    }

    @AfterEach
    void closeEngine() throws Exception {
        if (engine != null) {
            Await.result(OnContext.run(context, engine::close));
        }
    }

    @Test
    void eachPodGetsItsShareOfTheBudgetAndMoreChecksWaitForAConnection() throws Exception {
        startEngine(4, 10); // 2 pods: 2 connections each
        List<CheckReport> reports = checkAtOnce(3);

        for (CheckReport report : reports) {
            assertEquals(Verdict.SYNCED, report.verdict(), report.toJson(true).encode());
        }
        for (FakePod pod : pods) {
            assertEquals(2, pod.mostOpenConnections(), pod.name() + ": its share, however many checks");
            assertEquals(3, pod.requests());
        }
        long waited = reports.stream().mapToLong(CheckReport::elapsedMs).max().orElseThrow();
        assertTrue(waited >= 2 * POD_DELAY_MS - 50, "the third check waited for a connection: " + waited + " ms");
    }

    @Test
    void beyondTheWaitQueueAPodIsNotAskedAtOnceAsPoolBusyAndIsCounted() throws Exception {
        startEngine(2, 1); // 2 pods: 1 connection each, 1 request waiting
        List<Future<CheckReport>> checks = startAtOnce(3);

        // issue 17: a pod syncer did not ask is no evidence; the check is refused, not answered NotSynced
        Throwable refusal = checks.get(2).cause();
        assertTrue(refusal instanceof CheckOverloadedException, String.valueOf(refusal));
        assertEquals(503, ((CheckOverloadedException) refusal).status());
        CheckReport refused = ((CheckOverloadedException) refusal).report();
        assertTrue(refused.elapsedMs() < POD_DELAY_MS / 2, "refused at once, not at the deadline: " + refused.elapsedMs() + " ms");
        refused.results().forEach(result -> {
            assertEquals("not_asked", result.outcome().wireName(), result.toString());
            assertEquals("pool_busy", result.error(), result.toString());
        });
        assertEquals(Verdict.SYNCED, checks.get(0).result().verdict());
        assertEquals(Verdict.SYNCED, checks.get(1).result().verdict(), "the waiting one had its turn");
        assertEquals(2.0, metrics.meters().registry().get("syncer.pod.outcomes").tag("outcome", "not_asked").counter().count());
        assertEquals(2.0, metrics.meters().registry().get("syncer.pod.errors").tag("reason", "pool_busy").counter().count());
        assertEquals(0.0, metrics.meters().registry().get("syncer.pod.requests.waiting").gauge().value(), "nothing waits any more");
        for (FakePod pod : pods) {
            assertEquals(1, pod.mostOpenConnections(), pod.name());
        }
    }

    @Test
    void aCheckThatEndsWhileWaitingLeavesTheQueueAndIsNeverSent() throws Exception {
        startEngine(2, 10);
        CheckRequest first = new CheckRequest("slow-0", null, true);
        CheckRequest hurried = new CheckRequest("slow-1", null, true, io.syncer.model.Quorum.ALL, 150,
                io.syncer.model.Expectation.PRESENT, System.nanoTime());
        pods.forEach(pod -> {
            pod.learn(first.token());
            pod.learn(hurried.token());
        });
        List<Future<CheckReport>> checks = Await.result(OnContext.run(context, () -> Future.succeededFuture(
                List.of(engine.check(first, podSet()), engine.check(hurried, podSet())))));
        Await.result(Future.join(checks).otherwiseEmpty());

        assertEquals(Verdict.SYNCED, checks.get(0).result().verdict());
        // issue 17: its deadline passed while its requests waited for a connection, so no pod was asked: refused, not Timeout
        assertTrue(checks.get(1).cause() instanceof CheckOverloadedException, String.valueOf(checks.get(1).cause()));
        ((CheckOverloadedException) checks.get(1).cause()).report().results()
                .forEach(result -> assertEquals("no_time", result.error(), result.toString()));
        // time itself is under test: the withdrawn request would have been sent once the pod's connection was free
        Await.holdsFor(() -> pods.stream().allMatch(pod -> pod.requests() == 1), POD_DELAY_MS, "the withdrawn request was never sent");
        assertEquals(0.0, metrics.meters().registry().get("syncer.pod.requests.waiting").gauge().value());
    }

    private void startEngine(int budget, int maxWaitQueue) throws Exception {
        JsonArray staticPods = new JsonArray().add(new JsonObject().put("address", "127.0.0.1:1"));
        CheckConfig config = Configs.build(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", staticPods))
                .put("check", new JsonObject().put("deadlineMs", 3_000).put("attempts", 1)
                        .put("pod", new JsonObject().put("connectionBudget", budget).put("maxWaitQueue", maxWaitQueue)))).check();
        metrics = TestMetrics.create();
        Await.result(OnContext.run(context, () -> {
            engine = new CheckEngine(vertx, config, metrics, new io.syncer.zonesync.ZoneSyncHealth());
            return Future.succeededFuture();
        }));
    }

    /** {@code count} checks of new tokens every pod knows, started together on the engine's loop, in order. */
    private List<CheckReport> checkAtOnce(int count) throws Exception {
        List<CheckRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CheckRequest request = new CheckRequest("token-" + i, null, true);
            pods.forEach(pod -> pod.learn(request.token()));
            requests.add(request);
        }
        return Await.result(OnContext.run(context, () -> Future.all(requests.stream()
                .map(request -> engine.check(request, podSet())).toList()).map(all -> all.<CheckReport>list())));
    }

    /** As {@link #checkAtOnce}, each check's own outcome (some may be refused). */
    private List<Future<CheckReport>> startAtOnce(int count) throws Exception {
        List<CheckRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CheckRequest request = new CheckRequest("token-" + i, null, true);
            pods.forEach(pod -> pod.learn(request.token()));
            requests.add(request);
        }
        List<Future<CheckReport>> checks = Await.result(OnContext.run(context, () -> Future.succeededFuture(requests.stream()
                .map(request -> engine.check(request, podSet())).toList())));
        Await.result(Future.join(checks).otherwiseEmpty());
        return checks;
    }

    private PodSet podSet() {
        return new PodSet(1, pods.stream().map(FakePod::pod).toList());
    }
}
