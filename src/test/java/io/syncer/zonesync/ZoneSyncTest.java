package io.syncer.zonesync;

import io.syncer.testing.Await;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** zone_sync health: fake pods serve NGINX Plus's /api/9/stream/zone_sync; isolated pods are not waited for. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZoneSyncTest {

    @Test
    void aCheckDoesNotWaitItsDeadlineOutForAnIsolatedPod(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx);
        syncer.pods.get(0).zoneSync(2, 0);
        syncer.pods.get(1).zoneSync(2, 3);
        syncer.pods.get(2).zoneSync(0, 17); // sees no other node: isolated
        assertTrue(Await.until(() -> syncer.syncer.zoneSync().latest().isolated().equals(Set.of("gw-c")), 5_000),
                "the poll finds gw-c isolated: " + syncer.syncer.zoneSync().latest());
        syncer.pods.get(0).learn("t");
        syncer.pods.get(1).learn("t");

        long start = System.nanoTime();
        JsonObject report = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", "t").send()).bodyAsJsonObject();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("Partialy", report.getString("status"), report.encode());
        assertTrue(ms < 500, "answered after " + ms + " ms, far under the 3,000 ms deadline");
        assertTrue(report.getString("reason").startsWith("isolated: gw-c"), report.getString("reason"));
        JsonObject isolated = report.getJsonArray("results").getJsonObject(2);
        assertEquals(true, isolated.getBoolean("isolated"));
        assertEquals("not_synced", isolated.getString("outcome"));
        assertEquals(1, isolated.getInteger("attempts"), "asked once");
        assertTrue(report.getJsonArray("results").getJsonObject(0).getValue("isolated") == null);

        String metrics = syncer.metrics.meters().scrape();
        assertTrue(metrics.contains("syncer_zone_sync_isolated_pods 1.0"), metrics);
        assertTrue(metrics.contains("syncer_zone_sync_records_pending_max 17.0"), metrics);
        JsonObject ready = await(syncer.client.get("/health/ready").send()).bodyAsJsonObject();
        assertTrue(ready.encode().contains("\"isolated\":[\"gw-c\"]"), ready.encode());

        syncer.pods.get(2).learn("t2");
        syncer.pods.get(0).learn("t2");
        syncer.pods.get(1).learn("t2");
        assertEquals("Synced", await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t2").send()).bodyAsJsonObject()
                .getString("status"), "an isolated pod that knows the token counts");
    }

    @Test
    void theZoneSyncPollIsNeverOnTheCheckPath(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx);
        syncer.pods.forEach(pod -> {
            pod.zoneSync(2, 0);
            pod.delayZoneSync(1_500); // the status endpoint answers 1.5 s late
            pod.learn("t");
        });
        assertTrue(Await.until(() -> syncer.pods.get(0).zoneSyncRequests() > 0, 5_000), "polled");
        long slowest = 0;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            assertEquals("Synced", await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t").send()).bodyAsJsonObject()
                    .getString("status"));
            slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        assertTrue(slowest < 300, "the slowest of 20 checks took " + slowest + " ms while every zone_sync poll hung 1.5 s");
        assertEquals(Set.of(), syncer.syncer.zoneSync().latest().isolated(), "a pod not read is not called isolated");
    }

    private static SyncerFixture start(Vertx vertx) throws Exception {
        return SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 3_000).put("attempts", 200).put("retryDelayMs", 20)
                .put("zoneSync", new JsonObject().put("enabled", true).put("intervalMs", 100)));
    }
}
