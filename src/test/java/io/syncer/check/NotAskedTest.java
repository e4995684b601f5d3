package io.syncer.check;

import io.syncer.testing.Await;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, rule 1: a pod syncer did not ask because of its own limits (its wait queue full, or its request still
 * waiting for a connection at the deadline) is {@code not_asked}, never evidence. Fake pods answer after 1.5 s; each pod
 * gets one connection and a queue of one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotAskedTest {

    private static final int SLOW_MS = 1_500;

    @Test
    void podsSyncerCouldNotAskAreRefusedWith503AndRetryAfterNeverNotSynced(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx);
        syncer.pods.forEach(pod -> pod.delay(SLOW_MS));
        List<String> tokens = List.of("busy-0", "busy-1", "busy-2");
        tokens.forEach(token -> syncer.pods.forEach(pod -> pod.learn(token)));

        // busy-0 takes every pod's connection, busy-1 waits in every pod's queue (and its deadline comes first),
        // busy-2 finds every queue full
        Future<HttpResponse<Buffer>> first = check(syncer, "busy-0", "deadlineMs=1000");
        assertTrue(Await.until(() -> syncer.pods.stream().allMatch(pod -> pod.requests() == 1), 5_000));
        Future<HttpResponse<Buffer>> waiting = check(syncer, "busy-1", "deadlineMs=500");
        assertTrue(Await.until(() -> waitingRequests(syncer) == 3, 5_000));
        HttpResponse<Buffer> full = await(check(syncer, "busy-2", "deadlineMs=1000"));

        assertRefusedAsOverloaded(full, "pool_busy");
        assertRefusedAsOverloaded(await(waiting), "no_time");
        JsonObject timedOut = await(first).bodyAsJsonObject();
        assertEquals("Timeout", timedOut.getString("status"), "its requests were in flight at the deadline: " + timedOut);
        assertEquals(6.0, syncer.metrics.meters().registry().get("syncer.pod.outcomes").tag("outcome", "not_asked").counter().count());
        assertEquals(2.0, syncer.metrics.meters().registry().get("syncer.checks.overloaded").counter().count());
        assertEquals(0.0, syncer.metrics.meters().registry().get("syncer.checks").tag("verdict", "NotSynced").counter().count(),
                "no NotSynced for pods nobody asked");
    }

    @Test
    void aQuorumMetByPodsThatAnsweredIsStillSyncedAndOneTheyCannotDecideIsRefused(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx);
        syncer.pods.get(1).delay(SLOW_MS);
        syncer.pods.get(2).delay(SLOW_MS);
        List.of("q-0", "q-1", "q-2", "q-3").forEach(token -> syncer.pods.forEach(pod -> pod.learn(token)));
        Future<HttpResponse<Buffer>> holding = check(syncer, "q-0", "deadlineMs=5000");
        assertTrue(Await.until(() -> syncer.pods.get(1).requests() == 1 && syncer.pods.get(2).requests() == 1, 5_000));
        Future<HttpResponse<Buffer>> queued = check(syncer, "q-1", "deadlineMs=5000");
        assertTrue(Await.until(() -> waitingRequests(syncer) == 2, 5_000));

        JsonObject quorum = await(check(syncer, "q-2", "min=1&detail=true")).bodyAsJsonObject();
        assertEquals("Synced", quorum.getString("status"), "gw-a answered, min=1 is met: " + quorum);

        HttpResponse<Buffer> all = await(check(syncer, "q-3", "detail=true"));
        assertRefusedAsOverloaded(all, "pool_busy");
        assertTrue(all.bodyAsJsonObject().getString("message").startsWith("overloaded: 2 of 3 pods could not be asked"),
                all.bodyAsString());
        assertEquals("Synced", await(holding).bodyAsJsonObject().getString("status"));
        assertEquals("Synced", await(queued).bodyAsJsonObject().getString("status"));
    }

    private static double waitingRequests(SyncerFixture syncer) {
        return syncer.metrics.meters().registry().get("syncer.pod.requests.waiting").gauge().value();
    }

    private static void assertRefusedAsOverloaded(HttpResponse<Buffer> response, String reason) {
        assertEquals(503, response.statusCode(), response.bodyAsString());
        assertNotNull(response.getHeader("Retry-After"), "a Retry-After for the gateway");
        String message = response.bodyAsJsonObject().getString("message");
        assertTrue(message.startsWith("overloaded: ") && message.contains(reason), message);
    }

    private static SyncerFixture start(Vertx vertx) throws Exception {
        return SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 1000).put("attempts", 1)
                .put("pod", new JsonObject().put("connectionBudget", 3).put("maxWaitQueue", 1)));
    }

    private static Future<HttpResponse<Buffer>> check(SyncerFixture syncer, String token, String query) {
        return syncer.client.get("/v1/synced?" + query).putHeader("X-Auth-Token", token).send();
    }
}
