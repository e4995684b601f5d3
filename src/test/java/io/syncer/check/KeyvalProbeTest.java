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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check.probe keyval: the NGINX Plus API's keyval zone, 200 with the key = known, 404 = not yet, errors apart. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyvalProbeTest {

    private static final String TOKEN = "a+b/c=d token";

    @Test
    void knownMissingAndBrokenPodsAreToldApart(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 4, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("probe", "keyval").put("keyval", new JsonObject().put("zone", "tokens").put("apiVersion", 9))
                .put("attempts", 2).put("retryDelayMs", 20));
        syncer.pods.get(0).learn(TOKEN);
        syncer.pods.get(2).respondWith(500);
        syncer.pods.get(3).respondWith(200);

        JsonObject body = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN).send()).bodyAsJsonObject();
        JsonArray results = body.getJsonArray("results");

        assertEquals("Partialy", body.getString("status"));
        assertEquals("synced", results.getJsonObject(0).getString("outcome"));
        assertEquals(200, results.getJsonObject(0).getInteger("httpStatus"));
        assertEquals("not_synced", results.getJsonObject(1).getString("outcome"));
        assertEquals(404, results.getJsonObject(1).getInteger("httpStatus"));
        assertNull(results.getJsonObject(1).getString("error"));
        assertEquals(2, results.getJsonObject(1).getInteger("attempts"));
        assertEquals("failed", results.getJsonObject(2).getString("outcome"));
        assertEquals("http_5xx", results.getJsonObject(2).getString("error"));
        assertEquals("failed", results.getJsonObject(3).getString("outcome"));
        assertEquals("bad_body", results.getJsonObject(3).getString("error"));
        assertEquals("/api/9/http/keyvals/tokens?key=a%2Bb%2Fc%3Dd+token", syncer.pods.get(0).lastUri());
        assertNull(syncer.pods.get(0).lastAuthorization(), "the keyval probe carries the token only as the key");

        String metrics = syncer.metrics.meters().scrape();
        assertTrue(metrics.contains("syncer_pod_errors_total{reason=\"http_5xx\"} 1.0"), metrics);
        assertTrue(metrics.contains("syncer_pod_errors_total{reason=\"bad_body\"} 1.0"));
        assertTrue(metrics.contains("syncer_pod_outcomes_total{outcome=\"not_synced\"} 1.0"));
    }

    @Test
    void keyvalNeedsAZone(Vertx vertx) {
        Exception error = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> SyncerFixture.start(vertx, 2,
                TestMetrics.create(), config -> config.getJsonObject("check").put("probe", "keyval")));
        assertTrue(error.getMessage().contains("check.keyval.zone"), error.getMessage());
    }
}
