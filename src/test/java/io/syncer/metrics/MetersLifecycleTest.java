package io.syncer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncer.Syncer;
import io.syncer.bus.Addresses;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17, rule 7: gauges hold what they read strongly, and undeploy takes syncer's meters out of a host's registry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetersLifecycleTest {

    @Test
    void everyGaugeStillReadsANumberAfterGarbageCollection() throws Exception {
        PrometheusMeterRegistry hostRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx host = Vertx.builder().withMetrics(new MicrometerMetricsFactory(hostRegistry)).build();
        try {
            List<FakePod> pods = pods(host, 2);
            Syncer syncer = await(Syncer.deploy(host, config(pods)));
            await(host.eventBus().request(Addresses.CHECK, new JsonObject().put("token", "t")));
            // a collection of weakly held objects is not promised by the first System.gc(): wait until one has happened
            java.lang.ref.WeakReference<Object> canary = new java.lang.ref.WeakReference<>(new Object());
            assertTrue(io.syncer.testing.Await.until(() -> {
                System.gc();
                return canary.get() == null;
            }, 10_000), "a collection cleared weak references");
            List<Gauge> gauges = syncerGauges(hostRegistry);
            assertTrue(gauges.size() >= 10, "syncer's gauges: " + gauges.size());
            for (Gauge gauge : gauges) {
                assertFalse(Double.isNaN(gauge.value()), gauge.getId() + " reads NaN after a GC");
            }
            await(syncer.undeploy());
        } finally {
            await(host.close());
        }
    }

    @Test
    void aSecondSyncerInTheSameHostRegistryOwnsTheGauges() throws Exception {
        PrometheusMeterRegistry hostRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx host = Vertx.builder().withMetrics(new MicrometerMetricsFactory(hostRegistry)).build();
        try {
            List<FakePod> pods = pods(host, 3);
            Syncer first = await(Syncer.deploy(host, config(pods.subList(0, 2))));
            assertEquals(2.0, hostRegistry.get("syncer.pods").gauge().value());
            await(first.undeploy());
            assertTrue(hostRegistry.getMeters().stream().noneMatch(meter -> meter.getId().getName().startsWith("syncer.")),
                    "undeploy removed every syncer meter");

            Syncer second = await(Syncer.deploy(host, config(pods)));
            assertEquals(3.0, hostRegistry.get("syncer.pods").gauge().value(), "the gauge follows the second syncer");
            await(host.eventBus().request(Addresses.CHECK, new JsonObject().put("token", "t")));
            assertEquals(1.0, hostRegistry.get("syncer.checks").tag("verdict", "NotSynced").counter().count(),
                    "counters of the second syncer only");
            await(second.undeploy());
        } finally {
            await(host.close());
        }
    }

    private static List<Gauge> syncerGauges(PrometheusMeterRegistry registry) {
        List<Gauge> gauges = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            if (meter instanceof Gauge gauge && meter.getId().getName().startsWith("syncer.")) {
                gauges.add(gauge);
            }
        }
        return gauges;
    }

    private static List<FakePod> pods(Vertx vertx, int count) throws Exception {
        List<FakePod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(await(FakePod.start(vertx, "gw-" + (char) ('a' + i))));
        }
        return pods;
    }

    private static io.syncer.config.SyncerConfig config(List<FakePod> pods) {
        JsonArray list = new JsonArray();
        pods.forEach(pod -> list.add(new JsonObject().put("name", pod.name()).put("address", pod.pod().address())));
        return Configs.build(new JsonObject()
                .put("http", new JsonObject().put("enabled", false))
                .put("discovery", new JsonObject().put("mode", "static").put("static", list))
                .put("check", new JsonObject().put("deadlineMs", 500).put("attempts", 1)));
    }
}
