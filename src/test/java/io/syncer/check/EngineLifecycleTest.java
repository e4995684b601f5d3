package io.syncer.check;

import io.syncer.bus.Addresses;
import io.syncer.config.CheckConfig;
import io.syncer.config.SyncerConfig;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.PodResult;
import io.syncer.model.PodSet;
import io.syncer.model.Verdict;
import io.syncer.testing.Await;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.OnContext;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Context;
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

/** A running check's answer survives a config reload, and a probe that cannot even send reports at once. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineLifecycleTest {

    private static final String TOKEN = "lifecycle-token";

    @Test
    void aConfigReloadDuringALongCheckLeavesItsAnswerAlone(Vertx vertx) throws Exception {
        JsonObject[] config = new JsonObject[1];
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), json -> {
            json.getJsonObject("check").put("deadlineMs", 200).put("maxDeadlineMs", 10_000).put("attempts", 100).put("retryDelayMs", 100);
            config[0] = json;
        });
        syncer.pods.get(0).learn(TOKEN);
        long start = System.nanoTime();
        Future<HttpResponse<Buffer>> answer = syncer.client.get("/v1/synced?deadlineMs=3000").putHeader("X-Auth-Token", TOKEN).send();

        assertTrue(Await.until(() -> syncer.pods.get(1).requests() >= 2, 5_000), "gw-b is being asked again");
        config[0].getJsonObject("check").put("attempts", 99);
        SyncerConfig reloaded = Configs.build(config[0]);
        vertx.eventBus().publish(Addresses.CONFIG, reloaded);
        vertx.setTimer(1_500, id -> syncer.pods.get(1).learn(TOKEN));

        JsonObject body = await(answer).bodyAsJsonObject();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("Synced", body.getString("status"), body.encode());
        assertTrue(ms < 2_800, "answered after " + ms + " ms");
    }

    @Test
    void aRetiredEngineClosesItsClientOnlyWhenItsLastCheckHasAnswered(Vertx vertx) throws Exception {
        FakePod pod = await(FakePod.start(vertx, "gw-a"));
        FakePod other = await(FakePod.start(vertx, "gw-b"));
        other.learn(TOKEN);
        Context context = vertx.getOrCreateContext();
        CheckEngine engine = await(OnContext.run(context, () -> Future.succeededFuture(new CheckEngine(vertx, config(100), TestMetrics.create(), new io.syncer.zonesync.ZoneSyncHealth()))));
        PodSet podSet = new PodSet(1, List.of(pod.pod(), other.pod()));
        Future<CheckReport> report = OnContext.run(context, () -> engine.check(request(2_000), podSet));

        assertTrue(Await.until(() -> pod.requests() >= 1, 5_000), "the check is asking");
        await(OnContext.run(context, () -> {
            engine.retire();
            return Future.succeededFuture();
        }));
        Await.holdsFor(() -> pod.closedConnections() == 0, 300, "the client stays open while its check runs");
        vertx.setTimer(300, id -> pod.learn(TOKEN));

        assertEquals(Verdict.SYNCED, await(report).verdict());
        assertTrue(Await.until(() -> pod.closedConnections() == 1 && other.closedConnections() == 1, 5_000),
                "the client closed its connections once idle: " + pod.closedConnections() + ", " + other.closedConnections());
    }

    @Test
    void aProbeWhoseRequestCannotBeMadeFailsAtOnce(Vertx vertx) throws Exception {
        FakePod pod = await(FakePod.start(vertx, "gw-a"));
        FakePod other = await(FakePod.start(vertx, "gw-b"));
        Context context = vertx.getOrCreateContext();
        CheckEngine engine = await(OnContext.run(context, () -> Future.succeededFuture(new CheckEngine(vertx, config(100), TestMetrics.create(), new io.syncer.zonesync.ZoneSyncHealth()))));
        CheckRequest badHeader = new CheckRequest("line\r\nbreak", null, true, io.syncer.model.Quorum.ALL, 3_000,
                io.syncer.model.Expectation.PRESENT, System.nanoTime());
        long start = System.nanoTime();

        CheckReport report = await(OnContext.run(context, () -> engine.check(badHeader, new PodSet(1, List.of(pod.pod(), other.pod())))));

        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Verdict.NOT_SYNCED, report.verdict(), "every pod failed: no verdict waits for the deadline");
        assertTrue(ms < 1_000, "answered after " + ms + " ms");
        for (PodResult result : report.results()) {
            assertEquals("failed", result.outcome().wireName());
            assertEquals("bad_request", result.error(), result.toString());
        }
        assertEquals(0, pod.requests());
    }

    private static CheckRequest request(int deadlineMs) {
        return new CheckRequest(TOKEN, null, true, io.syncer.model.Quorum.ALL, deadlineMs, io.syncer.model.Expectation.PRESENT,
                System.nanoTime());
    }

    private static CheckConfig config(int retryDelayMs) {
        return Configs.build(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("address", "127.0.0.1:1"))))
                .put("check", new JsonObject().put("deadlineMs", 1000).put("attempts", 100).put("retryDelayMs", retryDelayMs))).check();
    }
}
