package io.syncer.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.TokenHash;
import io.syncer.testing.Await;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenTelemetry: the gateway's traceparent continues into one check span with a child span per pod request. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String GATEWAY_SPAN = "00f067aa0ba902b7";
    private static final String TOKEN = "secret-token-7f3a";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = Tracing.sdk(1.0, SimpleSpanProcessor.create(exporter));
    private Vertx vertx;
    /** The fake pods and the test's client: untraced, as the gateway's pods are to syncer. */
    private final Vertx outside = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        await(outside.close());
        sdk.close();
    }

    @Test
    void aTraceparentContinuesIntoOneCheckSpanWithAChildSpanPerPodRequest() throws Exception {
        SyncerFixture syncer = start(config -> config.getJsonObject("check").put("retryDelayMs", 30).put("attempts", 20));
        syncer.pods.get(0).learn(TOKEN);
        syncer.pods.get(1).learn(TOKEN);
        syncer.pods.get(2).learnAfterAsked(TOKEN, 1); // the third pod needs a second request

        JsonObject answer = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN)
                .putHeader("traceparent", "00-" + TRACE_ID + "-" + GATEWAY_SPAN + "-01").send()).bodyAsJsonObject();
        assertEquals("Synced", answer.getString("status"));
        assertTrue(Await.until(() -> named("syncer.check").size() == 1 && !serverSpans().isEmpty(), 5_000), names());

        SpanData server = serverSpans().get(0);
        assertEquals(TRACE_ID, server.getTraceId(), "the gateway's trace continues");
        assertEquals(GATEWAY_SPAN, server.getParentSpanId());
        SpanData check = named("syncer.check").get(0);
        assertEquals(TRACE_ID, check.getTraceId());
        assertEquals(server.getSpanId(), check.getParentSpanId(), "the check span is the server span's child");
        assertEquals("Synced", check.getAttributes().get(AttributeKey.stringKey("syncer.verdict")));
        assertEquals(3L, check.getAttributes().get(AttributeKey.longKey("syncer.pods")));
        assertEquals(3L, check.getAttributes().get(AttributeKey.longKey("syncer.synced")));
        assertEquals(1L, check.getAttributes().get(AttributeKey.longKey("syncer.generation")));
        assertEquals(TokenHash.of(TOKEN), check.getAttributes().get(AttributeKey.stringKey("syncer.token.hash")));

        List<SpanData> pods = named("syncer.pod.request");
        assertTrue(pods.size() >= 4, "one span per pod request, the third pod asked at least twice: " + pods.size());
        for (SpanData pod : pods) {
            assertEquals(check.getSpanId(), pod.getParentSpanId(), "each pod request is the check span's child");
            assertEquals(SpanKind.CLIENT, pod.getKind());
        }
        assertEquals(Set.of("gw-a", "gw-b", "gw-c"), pods.stream()
                .map(pod -> pod.getAttributes().get(AttributeKey.stringKey("syncer.pod.name"))).collect(Collectors.toSet()));
        List<SpanData> third = pods.stream().filter(pod -> "gw-c".equals(pod.getAttributes().get(AttributeKey.stringKey("syncer.pod.name"))))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        assertEquals(1L, third.get(0).getAttributes().get(AttributeKey.longKey("syncer.pod.attempt")));
        assertEquals(401L, third.get(0).getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("not_yet", third.get(0).getAttributes().get(AttributeKey.stringKey("syncer.pod.reply")));
        SpanData last = third.get(third.size() - 1);
        assertEquals((long) third.size(), last.getAttributes().get(AttributeKey.longKey("syncer.pod.attempt")));
        assertEquals(200L, last.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("reached", last.getAttributes().get(AttributeKey.stringKey("syncer.pod.reply")));
        assertNoToken();
    }

    @Test
    void aReadRepairWriteIsAChildSpanOfTheCheckNamingThePodAndItsResult() throws Exception {
        SyncerFixture syncer = start(config -> config.getJsonObject("check").put("probe", "keyval").put("retryDelayMs", 100)
                .put("attempts", 50).put("keyval", new JsonObject().put("zone", "tokens")
                        .put("repair", new JsonObject().put("enabled", true).put("afterMs", 20))));
        syncer.pods.get(0).learn(TOKEN, "secret-token-value");
        syncer.pods.get(1).learn(TOKEN, "secret-token-value");
        JsonObject answer = await(syncer.client.get("/v1/synced?deadlineMs=3000").putHeader("X-Auth-Token", TOKEN)
                .putHeader("X-Origin", "gw-a").putHeader("traceparent", "00-" + TRACE_ID + "-" + GATEWAY_SPAN + "-01").send())
                .bodyAsJsonObject();
        assertEquals("Synced", answer.getString("status"));
        assertTrue(Await.until(() -> named("syncer.pod.repair").size() == 1 && named("syncer.check").size() == 1, 5_000), names());
        SpanData repair = named("syncer.pod.repair").get(0);
        assertEquals(named("syncer.check").get(0).getSpanId(), repair.getParentSpanId(), "the write is the check span's child");
        assertEquals(SpanKind.CLIENT, repair.getKind());
        assertEquals("gw-c", repair.getAttributes().get(AttributeKey.stringKey("syncer.pod.name")));
        assertEquals("POST", repair.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        assertEquals("written", repair.getAttributes().get(AttributeKey.stringKey("syncer.repair.result")));
        assertNoToken();
    }

    @Test
    void theKeyvalProbeWhoseUrlCarriesTheTokenLeavesNoTokenInAnySpan() throws Exception {
        SyncerFixture syncer = start(config -> config.getJsonObject("check").put("probe", "keyval")
                .put("keyval", new JsonObject().put("zone", "tokens")));
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        JsonObject answer = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN)
                .putHeader("traceparent", "00-" + TRACE_ID + "-" + GATEWAY_SPAN + "-01").send()).bodyAsJsonObject();
        assertEquals("Synced", answer.getString("status"));
        assertTrue(Await.until(() -> named("syncer.pod.request").size() == 3 && !serverSpans().isEmpty(), 5_000), names());
        assertTrue(exporter.getFinishedSpanItems().stream().noneMatch(span -> span.getKind() == SpanKind.CLIENT
                && span.getName().startsWith("GET")), "Vert.x's own client spans (with the keyval URL) are off");
        assertNoToken();
    }

    @Test
    void serverSpansFollowTheHttpConventionsAndRefusalsBeforeAdmissionAreTraced() throws Exception {
        SyncerFixture syncer = start(config -> config.getJsonObject("check").put("maxInFlight", 1).put("deadlineMs", 1_000));
        syncer.pods.forEach(pod -> pod.learn(TOKEN));
        String traceparent = "00-" + TRACE_ID + "-" + GATEWAY_SPAN + "-01";

        assertEquals(200, await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN)
                .putHeader("traceparent", traceparent).send()).statusCode());
        assertEquals(400, await(syncer.client.get("/v1/synced?expect=value&value=" + TOKEN + "&detail=true")
                .putHeader("traceparent", traceparent).send()).statusCode());
        syncer.pods.get(0).hang();
        io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> running =
                syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN + "-held").send();
        assertTrue(Await.until(() -> syncer.pods.get(0).requests() >= 2, 5_000));
        assertEquals(503, await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN + "-refused")
                .putHeader("traceparent", traceparent).send()).statusCode(), "beyond check.maxInFlight");
        await(running);
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/", "/openapi.yaml")) {
            await(syncer.client.get(path).send());
        }
        assertTrue(Await.until(() -> serverSpans().size() >= 4 && named("syncer.check").size() >= 4, 5_000), names());

        List<SpanData> servers = serverSpans();
        assertTrue(servers.stream().allMatch(span -> span.getName().equals("GET /v1/synced")), "named METHOD route, and only the"
                + " checks are traced by default (no health, metrics, page or document): " + names());
        for (SpanData server : servers) {
            assertEquals("/v1/synced", server.getAttributes().get(AttributeKey.stringKey("http.route")));
            assertTrue(server.getAttributes().get(AttributeKey.longKey("http.response.status_code")) != null,
                    "the status code is an integer, as on the pod spans");
            long status = server.getAttributes().get(AttributeKey.longKey("http.response.status_code"));
            assertEquals(status >= 500 ? io.opentelemetry.api.trace.StatusCode.ERROR : io.opentelemetry.api.trace.StatusCode.UNSET,
                    server.getStatus().getStatusCode(), "ERROR on a 5xx server span: " + status);
        }
        SpanData badInput = servers.stream().filter(span -> Long.valueOf(400).equals(
                span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))).findFirst().orElseThrow();
        assertEquals("expect=value&value=REDACTED&detail=true", badInput.getAttributes().get(AttributeKey.stringKey("url.query")),
                "the query is recorded with its values redacted");

        List<SpanData> refusals = named("syncer.check").stream()
                .filter(span -> Boolean.TRUE.equals(span.getAttributes().get(AttributeKey.booleanKey("syncer.refused.before_admission"))))
                .toList();
        assertEquals(java.util.Set.of(400L, 503L), refusals.stream()
                .map(span -> span.getAttributes().get(AttributeKey.longKey("syncer.refused.status"))).collect(Collectors.toSet()),
                "a bad input and a check beyond check.maxInFlight each get a check span carrying the refusal");
        for (SpanData refusal : refusals) {
            assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, refusal.getStatus().getStatusCode());
            SpanData parent = servers.stream().filter(span -> span.getSpanId().equals(refusal.getParentSpanId())).findFirst().orElseThrow();
            assertEquals(TRACE_ID, parent.getTraceId(), "in the gateway's trace");
        }
        assertNoToken();
    }

    @Test
    void theOperationalEndpointsAreTracedWhenAsked() throws Exception {
        SyncerFixture syncer = start(config -> config.put("tracing", new JsonObject().put("operationalEndpoints", true)));
        for (String path : List.of("/health/live", "/metrics", "/")) {
            await(syncer.client.get(path).send());
        }
        assertTrue(Await.until(() -> serverSpans().size() >= 3, 5_000), names());
        assertEquals(java.util.Set.of("GET /health/live", "GET /metrics", "GET /"),
                serverSpans().stream().map(SpanData::getName).collect(Collectors.toSet()));
    }

    private SyncerFixture start(Consumer<JsonObject> tweak) throws Exception {
        vertx = Vertx.builder().with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions()))
                .withTracer(new OpenTelemetryTracingFactory(sdk)).build();
        return SyncerFixture.start(vertx, outside, 3, TestMetrics.create().withTracer(sdk.getTracer(Tracing.SCOPE)), tweak);
    }

    private void assertNoToken() {
        for (SpanData span : exporter.getFinishedSpanItems()) {
            assertFalse(span.getName().contains(TOKEN), span.getName());
            span.getAttributes().forEach((key, value) -> assertFalse(String.valueOf(value).contains(TOKEN)
                    || String.valueOf(value).contains("secret-token"), "span " + span.getName() + " attribute " + key + " = " + value));
        }
    }

    private List<SpanData> named(String name) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
    }

    private List<SpanData> serverSpans() {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
    }

    private String names() {
        return exporter.getFinishedSpanItems().stream().map(span -> span.getName() + "/" + span.getKind()).toList().toString();
    }
}
