package io.syncer.check;

import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NGINX Plus syncs a keyval value update but not a delete: revoking by a tombstone value (check.keyval.revokedValues)
 * can be waited for with expect=absent, and expect=value waits until the pods hold a given value.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TombstoneAndValueTest {

    private static final String TOKEN = "login-token";

    @Test
    void aTombstoneValueCountsAsAbsentAsSoonAsEveryPodHoldsIt(Vertx vertx) throws Exception {
        SyncerFixture syncer = keyval(vertx);
        syncer.pods.forEach(pod -> pod.learn(TOKEN, "session-42"));

        assertEquals("Present", check(syncer, "expect=absent").getString("status"), "a live value is present");

        syncer.pods.get(0).learn(TOKEN, "revoked");
        JsonObject partly = check(syncer, "expect=absent");
        assertEquals("Partialy", partly.getString("status"));
        assertEquals("absent", partly.getJsonArray("results").getJsonObject(0).getString("outcome"), "the tombstone counts as absent");
        assertEquals("present", partly.getJsonArray("results").getJsonObject(1).getString("outcome"));

        vertx.setTimer(60, id -> syncer.pods.forEach(pod -> pod.learn(TOKEN, "revoked")));
        JsonObject absent = check(syncer, "expect=absent");
        assertEquals("Absent", absent.getString("status"), "the tombstone reached every pod between retries");
        assertEquals(3, absent.getInteger("synced"));

        assertEquals("NotSynced", check(syncer, "").getString("status"), "a revoked token is not known to any pod");
    }

    @Test
    void expectValueWaitsForEveryPodOrTheQuorumToHoldTheValue(Vertx vertx) throws Exception {
        SyncerFixture syncer = keyval(vertx);
        syncer.pods.forEach(pod -> pod.learn(TOKEN, "v1"));
        syncer.pods.get(0).learn(TOKEN, "v2");

        JsonObject some = check(syncer, "expect=value&value=v2");
        assertEquals("Partialy", some.getString("status"));
        JsonArray results = some.getJsonArray("results");
        assertEquals("synced", results.getJsonObject(0).getString("outcome"));
        assertEquals("not_synced", results.getJsonObject(1).getString("outcome"), "an older value is not the one asked for");

        assertEquals("NotSynced", check(syncer, "expect=value&value=v3").getString("status"));

        syncer.pods.get(1).learn(TOKEN, "v2");
        JsonObject quorum = check(syncer, "expect=value&value=v2&min=2");
        assertEquals("Synced", quorum.getString("status"));
        assertEquals(2, quorum.getInteger("required"));

        vertx.setTimer(60, id -> syncer.pods.get(2).learn(TOKEN, "v2"));
        assertEquals("Synced", check(syncer, "expect=value&value=v2").getString("status"), "the update reached the last pod");

        JsonObject overBus = await(vertx.eventBus().<JsonObject>request("syncer.check", new JsonObject().put("token", TOKEN)
                .put("expect", "value").put("value", "v2"))).body();
        assertEquals("Synced", overBus.getString("status"), "the same on the event bus");
    }

    @Test
    void expectValueNeedsAValueAndTheKeyvalProbe(Vertx vertx) throws Exception {
        SyncerFixture keyval = keyval(vertx);
        assertBad(keyval, "expect=value", "'value' is required with expect=value");
        assertBad(keyval, "value=v1", "'value' is only meaningful with expect=value");

        Vertx other = Vertx.vertx();
        try {
            SyncerFixture token = SyncerFixture.start(other, 2, TestMetrics.create(), config -> { });
            assertBad(token, "expect=value&value=v1", "expect=value needs the keyval probe");
        } finally {
            await(other.close());
        }
    }

    private static void assertBad(SyncerFixture syncer, String query, String message) throws Exception {
        var response = await(syncer.client.get("/v1/synced?" + query).putHeader("X-Auth-Token", TOKEN).send());
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertTrue(response.bodyAsJsonObject().getString("message").startsWith(message), response.bodyAsString());
    }

    private static SyncerFixture keyval(Vertx vertx) throws Exception {
        return SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("probe", "keyval").put("deadlineMs", 800).put("attempts", 8).put("retryDelayMs", 30)
                .put("keyval", new JsonObject().put("zone", "tokens").put("revokedValues", new JsonArray().add("revoked"))));
    }

    private static JsonObject check(SyncerFixture syncer, String query) throws Exception {
        return await(syncer.client.get("/v1/synced?detail=true&" + query).putHeader("X-Auth-Token", TOKEN).send()).bodyAsJsonObject();
    }
}
