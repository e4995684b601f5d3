package io.syncer.check;

import io.syncer.testing.FakePod;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent checks of one token on one pod-set generation share one fan-out: one request per pod. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoalescingTest {

    @Test
    void manyCallersOneRequestPerPodEachWithItsOwnDeadline(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> { });
        syncer.pods.forEach(pod -> {
            pod.learn("shared");
            pod.delay(600);
        });

        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(syncer.port),
                new PoolOptions().setHttp1MaxSize(16));
        List<Future<HttpResponse<Buffer>>> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(client.get("/v1/synced").putHeader("X-Auth-Token", "shared").send());
        }
        Future<HttpResponse<Buffer>> impatient = client.get("/v1/synced?deadlineMs=100")
                .putHeader("X-Auth-Token", "shared").send();
        for (Future<HttpResponse<Buffer>> caller : callers) {
            assertEquals("Synced", await(caller).bodyAsJsonObject().getString("status"));
        }
        assertEquals("Timeout", await(impatient).bodyAsJsonObject().getString("status"), "its own deadline");

        for (FakePod pod : syncer.pods) {
            assertEquals(1, pod.requests(), pod.name() + " was asked once for nine callers");
        }
        assertTrue(syncer.metrics.meters().scrape().contains("syncer_checks_coalesced_total 8.0"), syncer.metrics.meters().scrape());
    }

    @Test
    void anotherTokenOrALaterCheckAsksAgain(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        syncer.pods.forEach(pod -> {
            pod.learn("one");
            pod.learn("two");
        });
        Future<HttpResponse<Buffer>> one = syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "one").send();
        Future<HttpResponse<Buffer>> two = syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "two").send();
        await(one);
        await(two);
        await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "one").send());
        syncer.pods.forEach(pod -> assertEquals(3, pod.requests()));
    }

    @Test
    void aCallerWithALaterDeadlineGetsTheAnswerItWouldHaveGotAlone(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(),
                config -> config.getJsonObject("check").put("attempts", 50).put("retryDelayMs", 100));
        syncer.pods.get(0).learn("late");
        syncer.pods.get(1).learn("late");
        vertx.setTimer(1_200, id -> syncer.pods.get(2).learn("late"));

        Future<HttpResponse<Buffer>> impatient = syncer.client.get("/v1/synced?deadlineMs=300").putHeader("X-Auth-Token", "late").send();
        assertTrue(io.syncer.testing.Await.until(() -> syncer.pods.get(2).requests() >= 1, 5_000), "the first caller's fan-out is running");
        Future<HttpResponse<Buffer>> patient = syncer.client.get("/v1/synced?deadlineMs=3000").putHeader("X-Auth-Token", "late").send();

        assertEquals("Partialy", await(impatient).bodyAsJsonObject().getString("status"), "as alone: gw-c given up before 300 ms");
        JsonObject answer = await(patient).bodyAsJsonObject();
        assertEquals("Synced", answer.getString("status"), "gw-c is asked again for the caller whose deadline allows it: " + answer);
        assertTrue(syncer.metrics.meters().scrape().contains("syncer_checks_coalesced_total 1.0"), "the two shared one fan-out");
        assertEquals(1, syncer.pods.get(0).requests(), "gw-a, known at once, was asked once for both callers");
    }

    @Test
    void aCallerWithAnEarlierDeadlineGivesUpAsItWouldAloneInsteadOfTimingOut(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(),
                config -> config.getJsonObject("check").put("attempts", 50).put("retryDelayMs", 100));
        syncer.pods.get(0).learn("slow");
        syncer.pods.get(1).learn("slow");
        vertx.setTimer(1_200, id -> syncer.pods.get(2).learn("slow"));

        Future<HttpResponse<Buffer>> patient = syncer.client.get("/v1/synced?deadlineMs=3000").putHeader("X-Auth-Token", "slow").send();
        assertTrue(io.syncer.testing.Await.until(() -> syncer.pods.get(2).requests() >= 1, 5_000), "the first caller's fan-out is running");
        Future<HttpResponse<Buffer>> impatient = syncer.client.get("/v1/synced?deadlineMs=300").putHeader("X-Auth-Token", "slow").send();

        JsonObject short_ = await(impatient).bodyAsJsonObject();
        assertEquals("Partialy", short_.getString("status"), "its own last retry could not start before its deadline: " + short_);
        assertEquals("Synced", await(patient).bodyAsJsonObject().getString("status"));
        assertTrue(syncer.metrics.meters().scrape().contains("syncer_checks_coalesced_total 1.0"), "the two shared one fan-out");
    }
}
