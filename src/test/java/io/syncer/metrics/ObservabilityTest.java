package io.syncer.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncer.bus.Addresses;
import io.syncer.Syncer;
import io.syncer.front.CheckFrontVerticle;
import io.syncer.registry.RegistryVerticle;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics and /health/* of a running syncer. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ObservabilityTest {

    private static final String TOKEN = "metrics-token-value";

    @Test
    void metricsCountChecksByVerdictAndPodsByOutcomeWithVertxMetersPrefixed() throws Exception {
        PrometheusMeterRegistry registry = SyncerMetrics.newRegistry();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(SyncerMetrics.vertxMetricsOptions()))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
        try {
            SyncerFixture syncer = SyncerFixture.start(vertx, 3, io.syncer.metrics.Telemetry.of(registry), config -> { });
            syncer.pods.forEach(pod -> pod.learn(TOKEN));
            await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN).send());
            await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN).send());
            await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "unknown").send());

            HttpResponse<Buffer> response = await(syncer.client.get("/metrics").send());
            assertEquals(200, response.statusCode());
            assertTrue(response.getHeader("Content-Type").startsWith("text/plain"));
            String text = response.bodyAsString();
            assertEquals(2.0, value(text, "syncer_checks_total{verdict=\"Synced\"}"));
            assertEquals(1.0, value(text, "syncer_checks_total{verdict=\"NotSynced\"}"));
            assertEquals(6.0, value(text, "syncer_pod_outcomes_total{outcome=\"synced\"}"));
            assertEquals(3.0, value(text, "syncer_pod_outcomes_total{outcome=\"not_synced\"}"));
            assertEquals(3.0, value(text, "syncer_check_duration_seconds_count"));
            assertTrue(text.contains("syncer_check_duration_seconds_bucket{le="), "a latency histogram");
            assertEquals(3.0, value(text, "syncer_pods"));
            assertTrue(value(text, "syncer_pod_set_age_seconds") >= 0);
            assertTrue(text.contains("syncer_vertx_http_server_requests_total"), "Vert.x HTTP server metrics, renamed");
            assertFalse(text.contains("syncer_vertx_http_client_"), "Vert.x HTTP client meters are off: a tagged look-up per pod request");
            assertEquals(9.0, value(text, "syncer_pod_outcomes_total{outcome=\"synced\"}") + value(text, "syncer_pod_outcomes_total{outcome=\"not_synced\"}"),
                    "pod requests are told by syncer's own meters");
            assertFalse(text.contains(TOKEN), "no token in any label");
            for (String line : text.split("\n")) {
                assertTrue(line.startsWith("#") || line.startsWith("syncer_") || line.isBlank(), "a name not starting with syncer_: " + line);
            }
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void liveAndReadyAreUpOnceThePodSetIsKnown(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        HttpResponse<Buffer> live = await(syncer.client.get("/health/live").send());
        assertEquals(200, live.statusCode());
        assertEquals("UP", live.bodyAsJsonObject().getString("status"));
        HttpResponse<Buffer> ready = await(syncer.client.get("/health/ready").send());
        assertEquals(200, ready.statusCode());
        JsonObject data = ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getJsonObject("data");
        assertEquals(2, data.getInteger("pods"));
    }

    @Test
    void notReadyBeforeThePodSetIsKnownButLive(Vertx vertx) throws Exception {
        Syncer.registerCodecs(vertx.eventBus());
        await(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
        io.syncer.config.SyncerConfig config = Configs.build(Configs.staticPods(List.of(await(FakePod.start(vertx, "gw-a"))), 0));
        io.syncer.front.FrontLimits limits = new io.syncer.front.FrontLimits(config.check().maxInFlight());
        await(vertx.deployVerticle(new CheckFrontVerticle(config, TestMetrics.create(), new io.syncer.zonesync.ZoneSyncHealth(), limits)));
        int port = limits.port().get();
        WebClient client = WebClient.create(vertx);
        assertEquals(503, await(client.get(port, "127.0.0.1", "/health/ready").send()).statusCode());
        assertEquals(200, await(client.get(port, "127.0.0.1", "/health/live").send()).statusCode());
    }

    @Test
    void notReadyWhileDrainingButReadyWithinTheWatchGrace(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        vertx.eventBus().publish(Addresses.DISCOVERY_STATUS, new JsonObject().put("watching", false));
        io.syncer.testing.Await.value(() -> io.syncer.testing.Await.result(vertx.eventBus().<JsonObject>request(Addresses.STATUS, null))
                .body().getString("watch"), "down"::equals, 5_000); // the registry has taken the news
        assertEquals(200, await(syncer.client.get("/health/ready").send()).statusCode(), "within the 60 s grace");
        await(vertx.eventBus().request(Addresses.DRAIN, null));
        HttpResponse<Buffer> ready = await(syncer.client.get("/health/ready").send());
        assertEquals(503, ready.statusCode());
        assertEquals(true, ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getJsonObject("data").getBoolean("draining"));
    }

    private static double value(String exposition, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertTrue(matcher.find(), "no series " + series + " in\n" + exposition);
        return Double.parseDouble(matcher.group(1));
    }
}
