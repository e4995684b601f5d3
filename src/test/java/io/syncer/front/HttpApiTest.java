package io.syncer.front;

import io.syncer.testing.Await;
import io.syncer.testing.TestMetrics;
import io.syncer.Syncer;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/synced} end to end: the deployed service, static discovery, real fake pods, a real HTTP client. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiTest {

    private static final String TOKEN = "secret-token-1";

    private final List<FakePod> pods = new ArrayList<>();
    private WebClient client;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        for (String name : List.of("gw-a", "gw-b", "gw-c")) {
            pods.add(Await.result(FakePod.start(vertx, name)));
        }
        JsonObject config = Configs.staticPods(pods, 0);
        config.getJsonObject("check").put("deadlineMs", 400);
        int port = Await.result(Syncer.deploy(vertx, Configs.build(config), () -> {
            throw new IllegalStateException("no Kubernetes in static mode");
        }, TestMetrics.create())).httpPort();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @Test
    void answersTheOriginalWireFormat() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        HttpResponse<Buffer> response = Await.result(client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN).send());

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.getHeader("Content-Type"));
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(Set.of("status", "pods", "synced", "elapsedMs"), body.fieldNames());
        assertEquals("Synced", body.getString("status"));
        assertEquals(3, body.getInteger("pods"));
        assertEquals(3, body.getInteger("synced"));
        pods.forEach(pod -> assertEquals("Bearer " + TOKEN, pod.lastAuthorization()));
    }

    @Test
    void detailListsEveryPod() throws Exception {
        pods.get(0).learn(TOKEN);
        HttpResponse<Buffer> response = Await.result(client.get("/v1/synced?detail=true")
                .putHeader("X-Auth-Token", TOKEN).putHeader("X-Origin", "gw-b").send());

        JsonObject body = response.bodyAsJsonObject();
        assertEquals("Partialy", body.getString("status"));
        assertEquals(2, body.getInteger("synced"));
        assertEquals(1L, body.getLong("generation"));
        JsonArray results = body.getJsonArray("results");
        assertEquals(3, results.size());
        JsonObject lagging = results.getJsonObject(2);
        assertEquals("gw-c", lagging.getString("name"));
        assertEquals(pods.get(2).pod().address(), lagging.getString("address"));
        assertEquals("not_synced", lagging.getString("outcome"));
        assertEquals(401, lagging.getInteger("httpStatus"));
        assertEquals(3, lagging.getInteger("attempts"));
        assertTrue(lagging.containsKey("elapsedMs"));
        JsonObject origin = results.getJsonObject(1);
        assertEquals("synced", origin.getString("outcome"));
        assertEquals(true, origin.getBoolean("origin"));
        assertNull(origin.getInteger("httpStatus"));
        assertEquals(0, pods.get(1).requests());
    }

    @Test
    void aHangingPodGivesTimeoutSoonAfterTheDeadline() throws Exception {
        pods.forEach(pod -> pod.learn(TOKEN));
        pods.get(2).hang();
        long start = System.nanoTime();
        JsonObject body = Await.result(client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN).send()).bodyAsJsonObject();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals("Timeout", body.getString("status"));
        assertEquals(2, body.getInteger("synced"));
        assertTrue(elapsedMs >= 400 && elapsedMs < 3000, "answered after " + elapsedMs + " ms");
    }

    @Test
    void aMissingOrBlankTokenIs400NamingTheHeader() throws Exception {
        for (HttpResponse<Buffer> response : List.of(
                Await.result(client.get("/v1/synced").send()),
                Await.result(client.get("/v1/synced").putHeader("X-Auth-Token", "  ").send()))) {
            assertEquals(400, response.statusCode());
            JsonObject body = response.bodyAsJsonObject();
            assertEquals(400, body.getInteger("status"));
            assertTrue(body.getString("message").contains("X-Auth-Token"), body.encode());
        }
        pods.forEach(pod -> assertEquals(0, pod.requests()));
        pods.forEach(pod -> pod.learn(TOKEN));
        assertEquals("Synced", Await.result(client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN).send())
                .bodyAsJsonObject().getString("status"), "still serving after bad input");
    }

    @Test
    void aBadDetailValueIs400NamingTheParameter() throws Exception {
        HttpResponse<Buffer> response = Await.result(client.get("/v1/synced?detail=yes").putHeader("X-Auth-Token", TOKEN).send());
        assertEquals(400, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("message").contains("detail"));
    }

    @Test
    void anUnknownPathIs404Json() throws Exception {
        HttpResponse<Buffer> response = Await.result(client.get("/v2/nothing").send());
        assertEquals(404, response.statusCode());
        assertEquals(404, response.bodyAsJsonObject().getInteger("status"));
        assertTrue(response.bodyAsJsonObject().getString("message").contains("/v2/nothing"));
    }

    @Test
    void anotherMethodIs405Json() throws Exception {
        HttpResponse<Buffer> response = Await.result(client.request(HttpMethod.POST, "/v1/synced").putHeader("X-Auth-Token", TOKEN).send());
        assertEquals(405, response.statusCode());
        assertEquals("GET", response.getHeader("Allow"));
        assertEquals(405, response.bodyAsJsonObject().getInteger("status"));
    }

}
