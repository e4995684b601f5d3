package io.syncer.discovery;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.syncer.testing.Await;
import org.slf4j.LoggerFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.syncer.bus.Addresses;
import io.syncer.Syncer;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.registry.RegistryVerticle;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

import static io.syncer.discovery.KubeObjects.NAMESPACE;
import static io.syncer.discovery.KubeObjects.endpoint;
import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watch failures scripted with the mock API server's expectations: a 410 Gone leads to a relist (not a stale set),
 * and a watch the server closes is reopened; either way the registry ends with the right set.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchFailureTest {

    private static final String BASE = "/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices";
    private static final String SELECTOR = "labelSelector=kubernetes.io%2Fservice-name%3Dapigw";
    private static final String LIST = BASE + "?" + SELECTOR + "&resourceVersion=0";
    /** After a 410 the informer lists again, this time without resourceVersion=0 (a consistent read). */
    private static final String RELIST = BASE + "?" + SELECTOR;

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        // fabric8's reconnect backoff starts at 100 ms instead of 1 s: the recoveries under test take a second, not ten
        KubernetesClient mockClient = server.createClient();
        client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                mockClient.getConfiguration()).withWatchReconnectInterval(100).build()).build();
        mockClient.close();
    }

    @AfterEach
    void stop(Vertx vertx) throws Exception {
        await(vertx.close());
        client.close();
        MockKubernetes.destroyInBackground(server);
    }

    @Test
    void a410GoneLeadsToARelistAndTheNewSet(Vertx vertx) throws Exception {
        server.expect().get().withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).once();
        server.expect().get().withPath(watch("7")).andUpgradeToWebSocket().open()
                .waitFor(300).andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Expired")
                        .withMessage("too old resource version: 7").build(), "ERROR"))
                .done().once();
        server.expect().get().withPath(RELIST).andReturn(200, list("9", versioned(slice("apigw-s1", "bc"), "9"))).always();
        server.expect().get().withPath(watch("9")).andUpgradeToWebSocket().open().done().always();

        PodSetWatcher watcher = RolloutMockTest.follow(vertx, source(), false);
        watcher.awaitNames(List.of("apigw-b", "apigw-c"));
        assertTrue(paths().contains(RELIST), "relisted after the 410");
    }

    @Test
    void aWatchTheServerClosesIsReopenedAndItsEventsApplied(Vertx vertx) throws Exception {
        server.expect().get().withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).once();
        server.expect().get().withPath(watch("7")).andUpgradeToWebSocket().open()
                .waitFor(200).andEmit(new WatchEvent(versioned(slice("apigw-s1", "abc"), "8"), "MODIFIED"))
                .done().once();
        server.expect().get().withPath(watch("8")).andUpgradeToWebSocket().open()
                .waitFor(200).andEmit(new WatchEvent(versioned(slice("apigw-s1", "ac"), "10"), "MODIFIED"))
                .done().once();
        server.expect().get().withPath(watch("10")).andUpgradeToWebSocket().open().done().always();

        PodSetWatcher watcher = RolloutMockTest.follow(vertx, source(), false);
        watcher.awaitNames(List.of("apigw-a", "apigw-c"));
    }

    @Test
    void aWatchThatStaysDownIsReportedAndItsInformerReplaced(Vertx vertx) throws Exception {
        server.expect().get().withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).once();
        SyncerMetrics metrics = TestMetrics.meters();
        Syncer.registerCodecs(vertx.eventBus());
        PodSetWatcher watcher = new PodSetWatcher(vertx);
        await(vertx.deployVerticle(new RegistryVerticle(metrics, 60_000)));
        await(vertx.deployVerticle(new ScraperVerticle(source(), metrics, 1_000)));
        watcher.awaitNames(List.of("apigw-a", "apigw-b"));

        assertTrue(Await.until(() -> metrics.scrape().contains("syncer_discovery_watch_restarts_total{kind=\"endpointslices\"}"), 15_000), "condition never held");
        assertTrue(metrics.scrape().contains("syncer_discovery_watching 0.0"));
        JsonObject status = await(vertx.eventBus().<JsonObject>request(Addresses.STATUS, null)).body();
        assertEquals(false, status.getBoolean("watching"));
        assertTrue(status.getLong("watchBrokenMs") >= 0);

        server.expect().get().withPath(LIST).andReturn(200, list("9", versioned(slice("apigw-s1", "bc"), "9"))).always();
        server.expect().get().withPath(watch("9")).andUpgradeToWebSocket().open().done().always();
        watcher.awaitNames(List.of("apigw-b", "apigw-c"));
    }

    @Test
    void aWatchRefusedWith403IsForbiddenAtOnceNamedInTheRefusalAndRecoversWhenPermitted(Vertx vertx) throws Exception {
        server.expect().get().withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).always();
        server.expect().get().withPath(RELIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).always();
        server.expect().get().withPath(watch("7")).andReturn(403, forbidden("watch")).times(3);
        keepOpen(watch("7"));
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            deploy(vertx, 60_000);

            JsonObject status = awaitDiscoveryState(vertx, "forbidden");
            assertEquals(false, status.getBoolean("ready"), "readiness DOWN at once: " + status);
            String refusal = refusal(vertx);
            assertTrue(refusal.contains("may not watch endpointslices in namespace " + NAMESPACE), refusal);

            awaitDiscoveryState(vertx, "settled");
            assertEquals(true, await(vertx.eventBus().<JsonObject>request(Addresses.STATUS, null)).body().getBoolean("ready"),
                    "recovered by itself once the watch was permitted");
            assertOneWarnPerChangeWithoutStackTrace(logs, "forbidden");
        } finally {
            release(logs);
        }
    }

    @Test
    void aListRefusedWith403IsForbiddenToo(Vertx vertx) throws Exception {
        server.expect().get().withPath(LIST).andReturn(403, forbidden("list")).once();
        server.expect().get().withPath(RELIST).andReturn(403, forbidden("list")).once();
        server.expect().get().withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).always();
        server.expect().get().withPath(RELIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).always();
        keepOpen(watch("7"));
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            deploy(vertx, 60_000);

            JsonObject status = awaitDiscoveryState(vertx, "forbidden");
            assertEquals(false, status.getBoolean("ready"));
            String refusal = refusal(vertx);
            assertTrue(refusal.contains("may not list endpointslices in namespace " + NAMESPACE), refusal);
            awaitDiscoveryState(vertx, "settled");
            assertOneWarnPerChangeWithoutStackTrace(logs, "forbidden");
        } finally {
            release(logs);
        }
    }

    @Test
    void aWatchDownLongerThanTheGraceMakesTheSetStaleAndChecksAreRefused(Vertx vertx) throws Exception {
        server.expect().get().withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).once();
        deploy(vertx, 1_500);
        awaitDiscoveryState(vertx, "settled");

        // answered (Timeout: the pods are not real) while the grace lasts, then refused
        String refusal = io.syncer.testing.Await.value(() -> {
            try {
                await(vertx.eventBus().request(Addresses.CHECK, new JsonObject().put("token", "t").put("deadlineMs", 50)));
                return null;
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause().getMessage();
            }
        }, java.util.Objects::nonNull, 15_000);
        assertTrue(refusal.startsWith("pod set stale since "), refusal);
        JsonObject status = await(vertx.eventBus().<JsonObject>request(Addresses.STATUS, null)).body();
        assertEquals(false, status.getBoolean("ready"), "readiness agrees: " + status);
    }

    @Test
    void aWatchThatHasNotStartedYetIsStartingNotDown(Vertx vertx) throws Exception {
        server.expect().get().delay(2_500).withPath(LIST).andReturn(200, list("7", slice("apigw-s1", "ab"))).once();
        keepOpen(watch("7"));
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            SyncerMetrics metrics = deploy(vertx, 60_000);
            java.util.concurrent.atomic.AtomicBoolean sawZero = new java.util.concurrent.atomic.AtomicBoolean();
            io.syncer.testing.Await.value(() -> {
                sawZero.compareAndSet(false, !metrics.scrape().contains("syncer_discovery_watching 1.0"));
                return discoveryState(vertx);
            }, "settled"::equals, 10_000);
            assertFalse(sawZero.get(), "0 while the watch was only starting");
            assertTrue(snapshot(logs).stream().noneMatch(e -> e.getFormattedMessage().contains("watch is down")),
                    "a WARN while the watch was starting");
        } finally {
            release(logs);
        }
    }

    /** A watch that stays open (a WebSocket the mock server closes at once would make the informer relist over and over). */
    private void keepOpen(String path) {
        server.expect().get().withPath(path).andUpgradeToWebSocket().open()
                .waitFor(4_000).andEmit(new WatchEvent(versioned(slice("apigw-s1", "ab"), "8"), "MODIFIED")).done().always();
    }

    private SyncerMetrics deploy(Vertx vertx, long watchGraceMs) throws Exception {
        io.syncer.metrics.Telemetry telemetry = TestMetrics.create();
        SyncerMetrics metrics = telemetry.meters();
        Syncer.registerCodecs(vertx.eventBus());
        await(vertx.deployVerticle(new RegistryVerticle(metrics, watchGraceMs)));
        await(vertx.deployVerticle(new ScraperVerticle(source(), metrics, 15_000)));
        JsonObject config = io.syncer.testing.Configs.staticPods(List.of(), 0);
        config.getJsonObject("http").put("enabled", false);
        config.getJsonObject("discovery").put("static", new io.vertx.core.json.JsonArray().add(new JsonObject().put("address", "127.0.0.1:1")));
        await(vertx.deployVerticle(new io.syncer.front.CheckFrontVerticle(io.syncer.testing.Configs.build(config), telemetry)));
        return metrics;
    }

    private static String discoveryState(Vertx vertx) throws Exception {
        return await(vertx.eventBus().<JsonObject>request(Addresses.STATUS, null)).body().getJsonObject("discovery").getString("state");
    }

    private static JsonObject awaitDiscoveryState(Vertx vertx, String state) {
        return io.syncer.testing.Await.value(() -> await(vertx.eventBus().<JsonObject>request(Addresses.STATUS, null)).body(),
                status -> state.equals(status.getJsonObject("discovery").getString("state")), 20_000);
    }

    /** The failure of a check over the bus: a 503 naming why. */
    private static String refusal(Vertx vertx) {
        java.util.concurrent.ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> await(vertx.eventBus().request(Addresses.CHECK, new JsonObject().put("token", "t"))));
        io.vertx.core.eventbus.ReplyException reply = (io.vertx.core.eventbus.ReplyException) failure.getCause();
        assertEquals(503, reply.failureCode(), reply.getMessage());
        return reply.getMessage();
    }

    private static Object forbidden(String verb) {
        return new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure")
                .withMessage("endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:" + NAMESPACE
                        + ":syncer\" cannot " + verb + " resource \"endpointslices\"").build();
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    /** The events so far: the appender appends on other threads, under its own lock. */
    private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return new java.util.ArrayList<>(appender.list);
        }
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    }

    /** One WARN naming the state when it began (none per retry), and no WARN or ERROR from anyone with a stack trace. */
    private static void assertOneWarnPerChangeWithoutStackTrace(ListAppender<ILoggingEvent> logs, String state) {
        List<ILoggingEvent> warnings = snapshot(logs).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(1, warnings.stream().filter(e -> e.getFormattedMessage().contains("Discovery " + state)).count(),
                warnings.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
        for (ILoggingEvent warning : warnings) {
            assertEquals(null, warning.getThrowableProxy(), "a stack trace in " + warning.getLoggerName() + ": " + warning.getFormattedMessage());
        }
    }

    /**
     * The service source's EndpointSlice informer alone, the subject of these scripts (the Service informer, which
     * only tells a missing Service apart, is covered against the CRUD mock server in DiscoveryStatesMockTest).
     */
    private PodSource source() {
        EndpointSliceSource source = new EndpointSliceSource(client, NAMESPACE, "apigw", null, 8080);
        return new PodSource() {
            @Override
            public String name() {
                return source.name();
            }

            @Override
            public String namespace() {
                return source.namespace();
            }

            @Override
            public String resourceOf(String kind) {
                return source.resourceOf(kind);
            }

            @Override
            public List<String> watchedResources() {
                return List.of("discovery.k8s.io/endpointslices");
            }

            @Override
            public Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> informers() {
                return Map.of("endpointslices", source.informers().get("endpointslices"));
            }

            @Override
            @SuppressWarnings("unchecked")
            public PodSelection.Selection select(Map<String, List<? extends HasMetadata>> caches) {
                return EndpointSliceSelection.select((List<EndpointSlice>) caches.get("endpointslices"), null, 8080);
            }

            @Override
            public String toString() {
                return source.toString();
            }
        };
    }

    private static String watch(String resourceVersion) {
        return BASE + "?allowWatchBookmarks=true&" + SELECTOR + "&resourceVersion=" + resourceVersion + "&timeoutSeconds=600&watch=true";
    }

    /** A slice whose endpoints are the pods named by the letters of {@code pods}. */
    private static EndpointSlice slice(String name, String pods) {
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
        for (char pod : pods.toCharArray()) {
            endpoints.add(endpoint("apigw-" + pod, "10.0.0." + (pod - 'a' + 1), true, true, false));
        }
        return versioned(KubeObjects.slice(name, "apigw", endpoints), "1");
    }

    private static EndpointSlice versioned(EndpointSlice slice, String resourceVersion) {
        return new EndpointSliceBuilder(slice).editMetadata().withResourceVersion(resourceVersion).endMetadata().build();
    }

    private static Object list(String resourceVersion, EndpointSlice... slices) {
        return new EndpointSliceListBuilder().withMetadata(new ListMetaBuilder().withResourceVersion(resourceVersion).build())
                .withItems(slices).build();
    }

    private List<String> paths() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            paths.add(request.getPath());
        }
        return paths;
    }
}
