package io.syncer.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncer.model.CheckReport;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Outcome;
import io.syncer.model.Pod;
import io.syncer.model.PodResult;
import io.syncer.model.Verdict;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19, item 1: the status board and the propagation window take no lock on the check path. Four threads record at
 * once, as four event loops do, and nothing is lost or torn.
 */
class LockFreeBoardsTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 20_000;

    @Test
    void fourLoopsRecordingAtOnceLoseNoCheckAndNoOutcome() throws Exception {
        StatusBoard board = new StatusBoard();
        Pod a = Pod.of("gw-a", "10.0.0.1:8080");
        Pod b = Pod.of("gw-b", "10.0.0.2:8080");
        CheckReport report = new CheckReport(Verdict.PARTIALY, 2, 1, null, 3, 1000, 1, null,
                List.of(new PodResult(a, Outcome.SYNCED, 200, 1, 3, false, null),
                        new PodResult(b, Outcome.FAILED, 0, 1, 3, false, "connect")),
                DiscoveryState.SETTLED, null);
        runAtOnce(() -> board.checkDone(report, 1_500_000));

        long partialy = 0;
        for (Object minute : board.verdictsPerMinute()) {
            partialy += ((JsonObject) minute).getLong("Partialy", 0L);
        }
        assertEquals(THREADS * PER_THREAD, partialy, "every check counted");
        assertEquals(StatusBoard.LATENCIES, board.latency().getInteger("count"), "the latency ring is full");
        assertEquals(1.5, board.latency().getDouble("p50Ms"));
        assertEquals(12, board.podOutcomes().getJsonArray("gw-b").size());
        assertTrue(board.podOutcomes().getJsonArray("gw-b").stream().allMatch("failed"::equals));
        assertEquals("connect", board.podErrors().getString("gw-b"));
    }

    @Test
    void fourLoopsRecordingPropagationAtOnceKeepTheWindowWhole() throws Exception {
        Propagation propagation = new Propagation(new SimpleMeterRegistry());
        runAtOnce(() -> propagation.record(TimeUnit.MILLISECONDS.toNanos(700)));
        JsonObject summary = propagation.summary();
        assertEquals(Propagation.CAPACITY, summary.getInteger("count"), "the window holds its capacity: " + summary);
        assertEquals(700L, summary.getLong("p50Ms"));
        assertEquals(700L, summary.getLong("maxMs"));
        assertEquals(700L - 100L, propagation.retryAfterMs(100));
    }

    private static void runAtOnce(Runnable work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        work.run();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(List.of(), errors);
    }
}
