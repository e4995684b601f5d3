package io.syncer.check;

import io.syncer.bus.Addresses;
import io.syncer.model.DiscoveredPods;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A check works on the pod set it started with; a change meanwhile is seen by the next check. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PodSetSnapshotTest {

    private static final String TOKEN = "snapshot-token";

    @Test
    void aPodSetChangeDuringACheckDoesNotDisturbIt(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check").put("deadlineMs", 600));
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        syncer.pods.get(2).hang();

        Future<HttpResponse<Buffer>> running = syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN).send();
        assertTrue(io.syncer.testing.Await.until(() -> syncer.pods.stream().allMatch(pod -> pod.requests() >= 1), 5_000), "every pod asked");
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, DiscoveredPods.of("test",
                List.of(syncer.pods.get(0).pod(), syncer.pods.get(1).pod())));

        JsonObject first = await(running).bodyAsJsonObject();
        assertEquals("Timeout", first.getString("status"));
        assertEquals(1L, first.getLong("generation"));
        assertEquals(3, first.getJsonArray("results").size());

        JsonObject next = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN).send()).bodyAsJsonObject();
        assertEquals("Synced", next.getString("status"));
        assertEquals(2L, next.getLong("generation"));
        assertEquals(2, next.getJsonArray("results").size());
    }

    @Test
    void theEventBusReplyCarriesTheGeneration(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        JsonObject reply = await(vertx.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", TOKEN))).body();
        assertEquals(1L, reply.getLong("generation"));
        assertEquals(2, syncer.pods.size());
    }
}
