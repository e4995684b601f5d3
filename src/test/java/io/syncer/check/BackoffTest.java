package io.syncer.check;

import io.syncer.testing.Configs;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry delay: the rule itself (exact), and the waits real fake pods see (lower bounds only: timers never fire early). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackoffTest {

    private static Backoff backoff(int retryDelayMs, double multiplier, int maxDelayMs, double jitter) {
        JsonObject check = new JsonObject().put("retryDelayMs", retryDelayMs)
                .put("backoff", new JsonObject().put("multiplier", multiplier).put("maxDelayMs", maxDelayMs).put("jitter", jitter));
        return new Backoff(Configs.build(new JsonObject().put("check", check).put("discovery", new JsonObject().put("mode", "static")
                .put("static", new JsonArray().add(new JsonObject().put("address", "127.0.0.1:1"))))).check().retries());
    }

    @Test
    void theDefaultsKeepTheOriginalsFixedDelay() {
        Backoff fixed = backoff(100, 1.0, 10_000, 0.0);
        for (int retry = 1; retry <= 5; retry++) {
            assertEquals(100, fixed.delayMs(retry, 0.99));
        }
    }

    @Test
    void theDelayGrowsByTheMultiplierUpToTheMaximum() {
        Backoff growing = backoff(50, 2.0, 300, 0.0);
        assertEquals(List.of(50L, 100L, 200L, 300L, 300L),
                List.of(growing.delayMs(1, 0), growing.delayMs(2, 0), growing.delayMs(3, 0), growing.delayMs(4, 0), growing.delayMs(5, 0)));
    }

    @Test
    void jitterOnlyShortensAWaitByUpToItsShare() {
        Backoff jittered = backoff(100, 1.0, 10_000, 0.4);
        assertEquals(100, jittered.delayMs(1, 0.0));
        assertEquals(80, jittered.delayMs(1, 0.5));
        assertEquals(61, jittered.delayMs(1, 0.975));
    }

    @Test
    void realRetriesWaitAtLeastTheGrowingDelays(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 5000).put("attempts", 4).put("retryDelayMs", 40)
                .put("backoff", new JsonObject().put("multiplier", 2.0).put("maxDelayMs", 1000)));
        syncer.pods.get(0).learn("t");
        JsonObject body = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t").send()).bodyAsJsonObject();
        assertEquals("Partialy", body.getString("status"));

        List<Long> times = syncer.pods.get(1).requestTimes();
        assertEquals(4, times.size());
        long[] nominal = {40, 80, 160};
        for (int i = 0; i < 3; i++) {
            long gapMs = (times.get(i + 1) - times.get(i)) / 1_000_000;
            assertTrue(gapMs >= nominal[i] - 2, "wait " + (i + 1) + " was " + gapMs + " ms, at least " + nominal[i] + " expected");
        }
    }

    @Test
    void aRetryThatCannotFinishBeforeTheDeadlineIsNotStarted(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 500).put("attempts", 10).put("retryDelayMs", 100)
                .put("backoff", new JsonObject().put("multiplier", 3.0)));
        syncer.pods.get(0).learn("t");
        JsonObject body = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", "t").send()).bodyAsJsonObject();
        assertEquals("Partialy", body.getString("status"), "answered before the deadline, not Timeout");
        assertTrue(body.getLong("elapsedMs") < 500, "after " + body.getLong("elapsedMs") + " ms");
        assertEquals(3, body.getJsonArray("results").getJsonObject(1).getInteger("attempts"), "at 0, +100, +300 ms; +900 would pass 500");
    }
}
