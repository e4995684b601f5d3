package io.syncer.check;

import io.syncer.testing.Await;
import io.syncer.bus.Addresses;
import io.syncer.model.DiscoveredPods;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** min= quorums and per-request deadlines, over HTTP against real fake pods. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuorumAndDeadlineTest {

    private static final String TOKEN = "quorum-token";

    private Vertx vertx;
    private SyncerFixture syncer;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        syncer = SyncerFixture.start(vertx, 4, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 1500).put("maxDeadlineMs", 2000).put("attempts", 3).put("retryDelayMs", 30));
    }

    @Test
    void aReachedQuorumAnswersAtOnceAndCancelsTheRest() throws Exception {
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        syncer.pods.get(3).hang();
        long start = System.nanoTime();
        JsonObject body = get("/v1/synced?min=3&detail=true").bodyAsJsonObject();
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals("Synced", body.getString("status"));
        assertEquals(3, body.getInteger("required"));
        assertEquals(3, body.getInteger("synced"));
        assertTrue(ms < 1500, "answered before the deadline, after " + ms + " ms");
        assertEquals("cancelled", body.getJsonArray("results").getJsonObject(3).getString("outcome"));
        assertTrue(Await.until(() -> syncer.pods.get(3).closedConnections() == 1, 5_000), "condition never held");
    }

    @Test
    void majorityAndRatiosCountPods() throws Exception {
        syncer.pods.get(0).learn(TOKEN);
        syncer.pods.get(1).learn(TOKEN);
        syncer.pods.get(2).learn(TOKEN);
        JsonObject majority = get("/v1/synced?min=majority").bodyAsJsonObject();
        assertEquals("Synced", majority.getString("status"));
        assertEquals(3, majority.getInteger("required"));
        JsonObject ratio = get("/v1/synced?min=0.5").bodyAsJsonObject();
        assertEquals(2, ratio.getInteger("required"));
        assertEquals("Synced", ratio.getString("status"));
        JsonObject all = get("/v1/synced?min=1.0").bodyAsJsonObject();
        assertEquals(4, all.getInteger("required"));
        assertEquals("Partialy", all.getString("status"));
    }

    @Test
    void aQuorumAboveThePodCountIsAnsweredAtOnceWithoutAskingAnyPod() throws Exception {
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        JsonObject body = get("/v1/synced?min=5").bodyAsJsonObject();
        assertEquals("NotSynced", body.getString("status"));
        assertEquals(5, body.getInteger("required"));
        assertEquals(0, body.getInteger("synced"));
        assertTrue(body.getString("reason").contains("5"));
        syncer.pods.forEach(pod -> assertEquals(0, pod.requests()));
    }

    @Test
    void zeroPodsAreNeverSyncedWithOrWithoutAQuorum() throws Exception {
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, DiscoveredPods.of("test", List.of()));
        io.syncer.testing.Await.value(() -> get("/v1/synced"), answer -> answer.statusCode() == 503, 5_000); // the empty set has arrived
        for (String uri : List.of("/v1/synced", "/v1/synced?min=1")) {
            HttpResponse<Buffer> answer = get(uri);
            assertEquals(503, answer.statusCode(), uri);
            assertEquals("no serving gateway pods", answer.bodyAsJsonObject().getString("message"), uri);
        }
    }

    @Test
    void aQuorumOutOfReachIsAnsweredWithoutWaitingForTheDeadline() throws Exception {
        syncer.pods.get(0).learn(TOKEN);
        syncer.pods.get(1).respondWith(500);
        syncer.pods.get(2).respondWith(503);
        syncer.pods.get(3).hang();
        long start = System.nanoTime();
        JsonObject body = get("/v1/synced?min=3&detail=true").bodyAsJsonObject();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("Partialy", body.getString("status"));
        assertTrue(ms < 1500, "answered after " + ms + " ms");
        JsonObject failed = body.getJsonArray("results").getJsonObject(1);
        assertEquals("failed", failed.getString("outcome"));
        assertEquals("http_5xx", failed.getString("error"));
    }

    @Test
    void aBadQuorumIs400NamingMin() throws Exception {
        for (String min : List.of("0", "-1", "most", "1.5", "0.0")) {
            HttpResponse<Buffer> response = get("/v1/synced?min=" + min);
            assertEquals(400, response.statusCode(), min);
            assertTrue(response.bodyAsJsonObject().getString("message").contains("'min'"), min);
        }
        syncer.pods.forEach(pod -> assertEquals(0, pod.requests()));
    }

    @Test
    void theCallersDeadlineAppliesFromTheQueryOrTheHeader() throws Exception {
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        syncer.pods.get(3).hang();
        long start = System.nanoTime();
        JsonObject query = get("/v1/synced?deadlineMs=200&detail=true").bodyAsJsonObject();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("Timeout", query.getString("status"));
        assertEquals(200, query.getInteger("deadlineMs"));
        assertTrue(ms >= 200 && ms < 1500, "answered after " + ms + " ms");

        JsonObject header = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN)
                .putHeader("X-Sync-Deadline-Ms", "250").send()).bodyAsJsonObject();
        assertEquals(250, header.getInteger("deadlineMs"));
    }

    @Test
    void aDeadlineAboveTheMaximumIsCappedAndABadOneIs400() throws Exception {
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        assertEquals(2000, get("/v1/synced?deadlineMs=999999&detail=true").bodyAsJsonObject().getInteger("deadlineMs"));
        HttpResponse<Buffer> bad = get("/v1/synced?deadlineMs=soon");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.bodyAsJsonObject().getString("message").contains("'deadlineMs'"));
        HttpResponse<Buffer> badHeader = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN)
                .putHeader("X-Sync-Deadline-Ms", "0").send());
        assertEquals(400, badHeader.statusCode());
        assertTrue(badHeader.bodyAsJsonObject().getString("message").contains("X-Sync-Deadline-Ms"));
    }

    @Test
    void theEventBusTakesTheSameParameters() throws Exception {
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        syncer.pods.get(3).hang();
        JsonObject reply = await(vertx.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject()
                .put("token", TOKEN).put("min", 2).put("deadlineMs", 800))).body();
        assertEquals("Synced", reply.getString("status"));
        assertEquals(2, reply.getInteger("required"));
        assertFalse(reply.containsKey("results"));
    }

    private HttpResponse<Buffer> get(String uri) throws Exception {
        return await(syncer.client.get(uri).putHeader("X-Auth-Token", TOKEN).send());
    }

}
