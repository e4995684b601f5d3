package io.syncer.check;

import io.syncer.testing.FakePod;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Propagation measured: pods that learn a token after a known delay, the histogram, the window, and retryAfterMs. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PropagationTest {

    @Test
    void podsThatLearnLateAreMeasuredInDetailTheHistogramAndTheWindow(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx);
        JsonObject empty = await(syncer.client.get("/v1/propagation").send()).bodyAsJsonObject();
        assertEquals(0, empty.getInteger("count"));
        assertFalse(empty.containsKey("p50Ms"), "no quantiles without data");

        syncer.pods.get(0).learn("t1");
        learnAfter(vertx, syncer.pods.get(1), "t1", 150);
        learnAfter(vertx, syncer.pods.get(2), "t1", 300);
        JsonObject report = check(syncer, "t1", "");
        assertEquals("Synced", report.getString("status"));
        JsonArray results = report.getJsonArray("results");
        assertNull(results.getJsonObject(0).getValue("learnedAfterMs"), "known at the first attempt: nothing to measure");
        long second = results.getJsonObject(1).getLong("learnedAfterMs");
        long third = results.getJsonObject(2).getLong("learnedAfterMs");
        assertTrue(second >= 140 && second < 280, "learnt 150 ms after the start, measured " + second);
        assertTrue(third >= 290 && third < 430, "learnt 300 ms after the start, measured " + third);

        String metrics = syncer.metrics.meters().scrape();
        assertTrue(metrics.contains("syncer_propagation_seconds_count 2\n"), metrics);
        assertFalse(metrics.contains("syncer_propagation_seconds_count{"), "no pod label");
        JsonObject window = await(syncer.client.get("/v1/propagation").send()).bodyAsJsonObject();
        assertEquals(2, window.getInteger("count"));
        assertEquals(300, window.getInteger("windowSeconds"));
        assertEquals(third, window.getLong("maxMs"));
        assertEquals(third, window.getLong("p99Ms"));
        assertEquals(second, window.getLong("p50Ms"));
    }

    @Test
    void partialyAndTimeoutCarryTheTimeTheMissingPodsMostLikelyStillNeed(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx);
        syncer.pods.forEach(pod -> pod.learn("before"));
        syncer.pods.get(2).hang();
        JsonObject noData = check(syncer, "never", "&deadlineMs=100");
        assertEquals("Timeout", noData.getString("status"), noData.encode());
        assertFalse(noData.containsKey("retryAfterMs"), "no propagation measured yet: nothing to say");
        syncer.pods.get(2).unhang();

        for (int i = 0; i < 5; i++) { // five tokens that reach the last pod 400 ms after the check starts
            String token = "slow-" + i;
            syncer.pods.get(0).learn(token);
            syncer.pods.get(1).learn(token);
            learnAfter(vertx, syncer.pods.get(2), token, 400);
            assertEquals("Synced", check(syncer, token, "").getString("status"));
        }

        syncer.pods.get(0).learn("late");
        JsonObject partly = check(syncer, "late", "&deadlineMs=150");
        // the two pods that do not know it give up a few ms before the deadline (Partialy), or the deadline comes first
        assertTrue(Set.of("Partialy", "Timeout").contains(partly.getString("status")), partly.encode());
        long retryAfter = partly.getLong("retryAfterMs");
        assertTrue(retryAfter >= 200 && retryAfter <= 330, "waits of ~400 ms, 150 ms waited: about 250 ms more, got " + retryAfter);

        syncer.pods.get(2).hang();
        JsonObject timeout = check(syncer, "before", "&deadlineMs=150");
        assertEquals("Timeout", timeout.getString("status"));
        assertTrue(timeout.getLong("retryAfterMs") >= 200 && timeout.getLong("retryAfterMs") <= 330, timeout.encode());
        syncer.pods.get(2).unhang();

        JsonObject synced = check(syncer, "before", "&min=2");
        assertEquals("Synced", synced.getString("status"));
        assertFalse(synced.containsKey("retryAfterMs"), "only Partialy and Timeout carry it");
    }

    private static SyncerFixture start(Vertx vertx) throws Exception {
        return SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 2_000).put("attempts", 100).put("retryDelayMs", 20)
                .put("backoff", new JsonObject().put("multiplier", 1.0).put("jitter", 0.0)));
    }

    private static void learnAfter(Vertx vertx, FakePod pod, String token, long ms) {
        vertx.setTimer(ms, id -> pod.learn(token));
    }

    private static JsonObject check(SyncerFixture syncer, String token, String query) throws Exception {
        return await(syncer.client.get("/v1/synced?detail=true" + query).putHeader("X-Auth-Token", token).send()).bodyAsJsonObject();
    }
}
