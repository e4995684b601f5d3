package io.syncer.check;

import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** expect=absent: waits until no pod knows a revoked token any more. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RevocationTest {

    private static final String TOKEN = "revoked-token";

    @Test
    void absentPresentPartialyAndTimeout(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("deadlineMs", 600).put("attempts", 6).put("retryDelayMs", 30));
        syncer.pods.forEach(pod -> pod.learn(TOKEN));

        JsonObject present = check(syncer, "");
        assertEquals("Present", present.getString("status"));
        assertEquals(0, present.getInteger("synced"));
        assertEquals("present", present.getJsonArray("results").getJsonObject(0).getString("outcome"));

        syncer.pods.get(0).forget(TOKEN);
        JsonObject partial = check(syncer, "");
        assertEquals("Partialy", partial.getString("status"));
        assertEquals("absent", partial.getJsonArray("results").getJsonObject(0).getString("outcome"));

        vertx.setTimer(50, id -> syncer.pods.forEach(pod -> pod.forget(TOKEN)));
        JsonObject absent = check(syncer, "");
        assertEquals("Absent", absent.getString("status"), "the token left the last pods between retries");
        assertEquals(3, absent.getInteger("synced"));

        syncer.pods.get(1).learn(TOKEN);
        JsonObject quorum = check(syncer, "&min=2");
        assertEquals("Absent", quorum.getString("status"));
        assertEquals(2, quorum.getInteger("required"));

        syncer.pods.get(2).hang();
        JsonObject timeout = check(syncer, "");
        assertEquals("Timeout", timeout.getString("status"));
    }

    @Test
    void aBadExpectIs400(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        var response = await(syncer.client.get("/v1/synced?expect=gone").putHeader("X-Auth-Token", TOKEN).send());
        assertEquals(400, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("message").contains("'expect'"));
    }

    private static JsonObject check(SyncerFixture syncer, String extra) throws Exception {
        return await(syncer.client.get("/v1/synced?expect=absent&detail=true" + extra).putHeader("X-Auth-Token", TOKEN).send())
                .bodyAsJsonObject();
    }
}
