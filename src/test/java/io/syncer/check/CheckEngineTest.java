package io.syncer.check;

import io.syncer.testing.Await;
import io.syncer.testing.TestMetrics;
import io.syncer.config.CheckConfig;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Outcome;
import io.syncer.model.PodResult;
import io.syncer.model.PodSet;
import io.syncer.model.Verdict;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

/** The fan-out engine against three real HTTP fake pods. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CheckEngineTest {

    private static final String TOKEN = "tok-123";

    private Vertx vertx;
    private Context context;
    private final List<FakePod> pods = new ArrayList<>();
    private CheckEngine engine;

    @BeforeEach
    void startPods(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        for (String name : List.of("gw-a", "gw-b", "gw-c")) {
            pods.add(Await.result(FakePod.start(vertx, name)));
        }
    }

    @AfterEach
    void closeEngine() throws Exception {
        if (engine != null) {
            Await.result(OnContext.run(context, engine::close));
        }
    }

    @Test
    void everyPodKnowsTheTokenIsSynced() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        CheckReport report = check(config(1000, 3, 20), new CheckRequest(TOKEN, null, true));

        assertEquals(Verdict.SYNCED, report.verdict());
        assertEquals(3, report.pods());
        assertEquals(3, report.synced());
        report.results().forEach(result -> {
            assertEquals(Outcome.SYNCED, result.outcome());
            assertEquals(200, result.httpStatus());
            assertEquals(1, result.attempts());
        });
        pods.forEach(pod -> assertEquals("Bearer " + TOKEN, pod.lastAuthorization()));
    }

    @Test
    void somePodsKnowTheTokenIsPartialyAfterEveryAttempt() throws Exception {
        pods.get(0).learn(TOKEN);
        pods.get(1).learn(TOKEN);
        CheckReport report = check(config(2000, 3, 20), new CheckRequest(TOKEN, null, true));

        assertEquals(Verdict.PARTIALY, report.verdict());
        assertEquals(2, report.synced());
        PodResult lagging = result(report, "gw-c");
        assertEquals(Outcome.NOT_SYNCED, lagging.outcome());
        assertEquals(401, lagging.httpStatus());
        assertEquals(3, lagging.attempts());
        assertEquals(3, pods.get(2).requests());
    }

    @Test
    void noPodKnowsTheTokenIsNotSynced() throws Exception {
        CheckReport report = check(config(2000, 2, 10), new CheckRequest(TOKEN, null, false));

        assertEquals(Verdict.NOT_SYNCED, report.verdict());
        assertEquals(0, report.synced());
        pods.forEach(pod -> assertEquals(2, pod.requests()));
    }

    @Test
    void aPodThatLearnsTheTokenBetweenRetriesCountsAsSynced() throws Exception {
        pods.get(0).learn(TOKEN);
        pods.get(1).learn(TOKEN);
        pods.get(2).learnAfterAsked(TOKEN, 2);
        CheckReport report = check(config(2000, 20, 30), new CheckRequest(TOKEN, null, true));

        assertEquals(Verdict.SYNCED, report.verdict());
        PodResult late = result(report, "gw-c");
        assertEquals(3, late.attempts(), "two 401s, then 200");
        assertEquals(late.attempts(), pods.get(2).requests());
    }

    @Test
    void anErrorStatusOrAnUnreachablePodFailsWithoutRetry() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        pods.get(1).respondWith(500);
        Await.result(pods.get(2).stop());
        CheckReport report = check(config(2000, 3, 10), new CheckRequest(TOKEN, null, true));

        assertEquals(Verdict.PARTIALY, report.verdict());
        assertEquals(1, report.synced());
        PodResult erroring = result(report, "gw-b");
        assertEquals(Outcome.FAILED, erroring.outcome());
        assertEquals(500, erroring.httpStatus());
        assertEquals(1, pods.get(1).requests());
        PodResult down = result(report, "gw-c");
        assertEquals(Outcome.FAILED, down.outcome());
        assertEquals(0, down.httpStatus());
    }

    @Test
    void thePodsAreAskedInParallel() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        pods.forEach(pod -> pod.delay(300)); // one after another, the third would be asked 600 ms after the first
        CheckReport report = check(config(2000, 3, 10), new CheckRequest(TOKEN, null, true));

        assertEquals(Verdict.SYNCED, report.verdict());
        pods.forEach(pod -> assertEquals(1, pod.requests()));
        long first = pods.stream().mapToLong(pod -> pod.requestTimes().get(0)).min().orElseThrow();
        long last = pods.stream().mapToLong(pod -> pod.requestTimes().get(0)).max().orElseThrow();
        assertTrue(last - first < 200_000_000L, "every pod was asked before any answered: " + (last - first) / 1_000_000 + " ms apart");
    }

    @Test
    void aPodThatNeverAnswersEndsInTimeoutAtTheDeadlineAndItsRequestIsReset() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        pods.get(1).hang();
        long start = System.nanoTime();
        CheckReport report = check(config(300, 3, 10), new CheckRequest(TOKEN, null, true));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Verdict.TIMEOUT, report.verdict());
        assertEquals(2, report.synced());
        assertEquals(Outcome.TIMEOUT, result(report, "gw-b").outcome());
        // the loop-lag margin may answer up to a quarter of the deadline early, by design (LoopLag)
        assertTrue(elapsedMs >= 300 - 300 / 4 && elapsedMs < 2000, "answered after " + elapsedMs + " ms");
        Await.until(() -> pods.get(1).closedConnections() == 1, 2000);
        assertEquals(1, pods.get(1).closedConnections(), "the in-flight request to the hanging pod was reset");
    }

    @Test
    void nothingOfAFinishedCheckKeepsRunning() throws Exception {
        pods.get(0).learn(TOKEN);
        pods.get(1).hang();
        CheckReport report = check(config(250, 1000, 40), new CheckRequest(TOKEN, null, false));
        assertEquals(Verdict.TIMEOUT, report.verdict());
        // the hanging pod's request is reset (PodProbe.cancel), which it sees as its connection closing
        assertTrue(Await.until(() -> pods.get(1).closedConnections() == 1, 2_000), "the in-flight request was cancelled");
        int[] counts = pods.stream().mapToInt(FakePod::requests).toArray();
        // time itself is under test: nothing may happen in it
        Await.holdsFor(() -> java.util.Arrays.equals(counts, pods.stream().mapToInt(FakePod::requests).toArray()), 400,
                "no pod request after the check ended");
    }

    @Test
    void aRetryThatCannotStartBeforeTheDeadlineIsNotStarted() throws Exception {
        long start = System.nanoTime();
        // retries at 150 and 300 ms; the next would start at 450, after the 400 ms deadline (the margins leave the last
        // answer 100 ms before the deadline even on a loaded machine)
        CheckReport report = check(config(400, 100, 150), new CheckRequest(TOKEN, null, true));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Verdict.NOT_SYNCED, report.verdict());
        assertTrue(elapsedMs < 1000, "answered after " + elapsedMs + " ms");
        pods.forEach(pod -> assertTrue(pod.requests() <= 3, pod.name() + " asked " + pod.requests() + " times"));
    }

    @Test
    void theOriginPodCountsAsSyncedWithoutARequest() throws Exception {
        pods.get(1).learn(TOKEN);
        pods.get(2).learn(TOKEN);
        CheckReport report = check(config(1000, 3, 10), new CheckRequest(TOKEN, "gw-a", true));

        assertEquals(Verdict.SYNCED, report.verdict());
        assertEquals(0, pods.get(0).requests());
        assertTrue(result(report, "gw-a").origin());
    }

    @Test
    void theOriginMayBeGivenByAddress() throws Exception {
        pods.get(1).learn(TOKEN);
        pods.get(2).learn(TOKEN);
        CheckReport report = check(config(1000, 3, 10), new CheckRequest(TOKEN, pods.get(0).pod().address(), false));

        assertEquals(Verdict.SYNCED, report.verdict());
        assertEquals(0, pods.get(0).requests());
    }

    @Test
    void anOriginThatMatchesNoPodIsIgnored() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        CheckReport report = check(config(1000, 3, 10), new CheckRequest(TOKEN, "gw-unknown", false));

        assertEquals(Verdict.SYNCED, report.verdict());
        pods.forEach(pod -> assertEquals(1, pod.requests()));
    }

    @Test
    void fewerPodsThanMinPodsIsSyncedWithoutAsking() throws Exception {
        CheckReport report = check(config(1000, 3, 10), new CheckRequest(TOKEN, null, true),
                new PodSet(7, List.of(pods.get(0).pod())));

        assertEquals(Verdict.SYNCED, report.verdict());
        assertEquals(1, report.pods());
        assertEquals(7, report.generation());
        assertTrue(report.reason().contains("minPods"));
        assertEquals(0, pods.get(0).requests());
    }

    @Test
    void theMinPodsShortcutNeedsASettledSetAndCountsEveryServingPod() throws Exception {
        pods.get(0).learn(TOKEN);
        List<io.syncer.model.Pod> one = List.of(pods.get(0).pod());
        CheckReport rollout = check(config(1000, 3, 10), new CheckRequest(TOKEN, null, true),
                new PodSet(3, one, io.syncer.model.DiscoveryState.SETTLED, null, 3));
        assertEquals(Verdict.SYNCED, rollout.verdict());
        assertEquals(null, rollout.reason(), "one pod to check while three serve: asked");
        assertEquals(1, pods.get(0).requests());

        CheckReport held = check(config(1000, 3, 10), new CheckRequest(TOKEN, null, true),
                new PodSet(4, one, io.syncer.model.DiscoveryState.HELD, "in flux", 1));
        assertEquals(null, held.reason(), "a held set is never skipped");
        assertEquals(2, pods.get(0).requests());
        assertEquals("held", held.toJson(true).getJsonObject("discovery").getString("state"));
    }

    @Test
    void zeroPodsAreRefusedNotSynced() {
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> check(config(1000, 3, 10), new CheckRequest(TOKEN, null, true), new PodSet(1, List.of())));
        assertTrue(refused.getCause() instanceof CheckRefusedException, refused.toString());
        assertEquals(503, ((CheckRefusedException) refused.getCause()).status());
    }

    private CheckConfig config(int deadlineMs, int attempts, int retryDelayMs) {
        return Configs.build(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("address", "127.0.0.1:1"))))
                .put("check", new JsonObject().put("deadlineMs", deadlineMs).put("attempts", attempts)
                        .put("retryDelayMs", retryDelayMs))).check();
    }

    @Test
    void onAnEventLoopBusyAlmostAllTheTimeEachCheckStillAnswersByItsDeadline() throws Exception {
        CheckConfig config = config(500, 3, 20);
        check(config, new CheckRequest(TOKEN, null, true)); // the engine that follows, its classes loaded, its code warm
        pods.forEach(pod -> pod.delay(3_000));
        long[] spinner = new long[1];
        context.runOnContext(v -> spinner[0] = vertx.setPeriodic(100, id -> {
            long until = System.nanoTime() + 90_000_000L; // the loop is busy 90 ms in every 100 ms, as under overload
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }));
        try {
            Thread.sleep(1_500); // time itself is under test: the loop-lag estimate learns from a loop busy for a while
            for (int i = 0; i < 3; i++) {
                CheckRequest request = new CheckRequest(TOKEN + i, null, true);
                CheckReport report = Await.result(OnContext.run(context, () -> engine.check(request,
                        new PodSet(1, pods.stream().map(FakePod::pod).toList()))));
                assertEquals(Verdict.TIMEOUT, report.verdict());
                // a timer due inside a 90 ms busy stretch fires up to 90 ms late; the deadline timer is set earlier by the
                // loop's measured lag, so the answer is ready by the deadline, and never earlier than a quarter before it
                assertTrue(report.elapsedMs() <= 500 + 20, "answered at " + report.elapsedMs() + " ms for a 500 ms deadline");
                assertTrue(report.elapsedMs() >= 375, "answered at " + report.elapsedMs() + " ms, more than a quarter early");
            }
        } finally {
            vertx.cancelTimer(spinner[0]);
        }
    }

    @Test
    void aNotYetWhoseRetryIsDueOnlyAfterTheAnswerIsFinalNotATimeout() throws Exception {
        pods.get(0).learn(TOKEN);
        pods.get(1).learn(TOKEN);
        PodSet podSet = warmEngineWithLagByHand(config(400, 10, 190));
        // this loop runs its timers 40 ms late: a 400 ms check is answered 35 ms early, at 365 ms
        Await.result(OnContext.run(context, () -> io.vertx.core.Future.succeededFuture(lagBy(40))));

        // gw-c: 401 at about 0 ms and 190 ms; its next retry would be due at about 380 ms, after the answer is due
        CheckReport report = Await.result(OnContext.run(context, () -> engine.check(new CheckRequest(TOKEN, null, true), podSet)));

        assertEquals(Verdict.PARTIALY, report.verdict(), "gw-c said not yet and was not asked again before the answer: " + report);
        PodResult late = result(report, "gw-c");
        assertEquals(Outcome.NOT_SYNCED, late.outcome());
        assertEquals(2, late.attempts());
        assertTrue(report.elapsedMs() < 365, "answered when gw-c's second 401 came, not at the deadline: " + report.elapsedMs());
    }

    @Test
    void aPodWaitingForItsNextRetryAtTheDeadlineKeepsItsNotYetNotATimeout() throws Exception {
        pods.get(0).learn(TOKEN);
        pods.get(1).learn(TOKEN);
        PodSet podSet = warmEngineWithLagByHand(config(400, 10, 190)); // no lag yet: the answer is due at 400 ms

        int askedBefore = pods.get(2).requests();
        // gw-c: 401 at about 0 and 190 ms, its next retry due at about 380 ms; at 250 ms the loop is found to run its
        // timers 40 ms late, so the answer is due at 365 ms, while gw-c waits for its retry with nothing in flight
        CheckReport report = Await.result(OnContext.run(context, () -> {
            vertx.setTimer(250, id -> lagBy(40));
            return engine.check(new CheckRequest(TOKEN, null, true), podSet);
        }));

        assertEquals(Verdict.PARTIALY, report.verdict(), "gw-c's last answer was not yet and no request of it was outstanding: " + report);
        PodResult late = result(report, "gw-c");
        assertEquals(Outcome.NOT_SYNCED, late.outcome());
        assertEquals(401, late.httpStatus());
        assertEquals(2, late.attempts());
        assertTrue(report.elapsedMs() >= 300, "answered at the deadline less the margin: " + report.elapsedMs());
        assertEquals(2, pods.get(2).requests() - askedBefore, "not asked a third time");
    }

    /**
     * An engine whose loop-lag estimate only the test sets ({@link #lagBy}), warmed by one check (a cold first request
     * could push the retries under test past the deadline by itself); returns the three pods' set.
     */
    private PodSet warmEngineWithLagByHand(CheckConfig config) throws Exception {
        PodSet podSet = new PodSet(1, pods.stream().map(FakePod::pod).toList());
        Await.result(OnContext.run(context, () -> {
            engine = new CheckEngine(vertx, config, TestMetrics.create(), new io.syncer.zonesync.ZoneSyncHealth());
            engine.loopLag().stop();
            return engine.check(new CheckRequest("warm-up", null, true), podSet);
        }));
        return podSet;
    }

    /** The engine's loop is found to run its timers {@code ms} late (on the engine's context). */
    private Void lagBy(long ms) {
        for (int i = 0; i < LoopLag.MIN_SAMPLES; i++) {
            engine.loopLag().record(ms * 1_000_000L);
        }
        return null;
    }

    private CheckReport check(CheckConfig config, CheckRequest request) throws Exception {
        return check(config, request, new PodSet(1, pods.stream().map(FakePod::pod).toList()));
    }

    private CheckReport check(CheckConfig config, CheckRequest request, PodSet podSet) throws Exception {
        return Await.result(OnContext.run(context, () -> {
            engine = new CheckEngine(vertx, config, TestMetrics.create(), new io.syncer.zonesync.ZoneSyncHealth());
            return engine.check(request, podSet);
        }));
    }

    private static PodResult result(CheckReport report, String name) {
        return report.results().stream().filter(r -> r.pod().name().equals(name)).findFirst().orElseThrow();
    }


}
