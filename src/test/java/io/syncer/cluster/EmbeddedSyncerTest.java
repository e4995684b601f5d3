package io.syncer.cluster;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncer.Syncer;
import io.syncer.bus.Addresses;
import io.syncer.config.ClusterConfig;
import io.syncer.config.SyncerConfig;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syncer inside another Vert.x application: plain, and on a clustered event bus shared with another member. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedSyncerTest {

    private static final String TOKEN = "embedded-token";

    @Test
    void aHostAppDeploysSyncerWithoutHttpAsksOverTheBusAndGetsTheMetrics(Vertx testVertx) throws Exception {
        List<FakePod> pods = pods(testVertx);
        PrometheusMeterRegistry hostRegistry = SyncerMetrics.newRegistry();
        Vertx host = Vertx.builder().with(new VertxOptions().setMetricsOptions(SyncerMetrics.vertxMetricsOptions()))
                .withMetrics(new MicrometerMetricsFactory(hostRegistry)).build();
        try {
            SyncerConfig config = embeddedConfig(pods, 8080); // a port it would take if HTTP were on
            Syncer syncer = await(Syncer.deploy(host, config));

            JsonObject answer = await(host.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", TOKEN))).body();
            assertEquals("Synced", answer.getString("status"));
            assertTrue(hostRegistry.scrape().contains("syncer_checks_total{verdict=\"Synced\"} 1.0"), "meters in the host's registry");
            assertEquals(0, syncer.httpPort(), "http.enabled false: no server");

            Exception second = assertThrows(Exception.class, () -> await(Syncer.deploy(host, config)));
            assertTrue(second.getMessage().contains("already deployed"), second.getMessage());

            await(syncer.undeploy());
            await(Syncer.deploy(host, config));
            assertEquals("Synced", await(host.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", TOKEN)))
                    .body().getString("status"), "redeployed in the same Vertx: codecs registered once");
        } finally {
            await(host.close());
        }
    }

    @Test
    void onAClusteredBusAnotherMemberAsksAndFollowsAndNoInternalMessageLeavesTheHost(Vertx testVertx) throws Exception {
        List<FakePod> pods = pods(testVertx);
        // the host binds a free port (0) and forms the cluster; the other member, on a free port too, lists the host's
        Vertx host = await(clustered(0, List.of()));
        int hostPort = ((io.vertx.spi.cluster.hazelcast.HazelcastClusterManager) ((io.vertx.core.internal.VertxInternal) host)
                .clusterManager()).getHazelcastInstance().getCluster().getLocalMember().getAddress().getPort();
        Vertx other = await(clustered(0, List.of("127.0.0.1:" + hostPort)));
        try {
            AtomicInteger internalAtOther = new AtomicInteger();
            for (String address : internalAddresses()) {
                await(other.eventBus().consumer(address, message -> internalAtOther.incrementAndGet()).completion());
            }
            AtomicReference<JsonObject> podSet = new AtomicReference<>();
            await(other.eventBus().<JsonObject>consumer(Addresses.PODS, message -> podSet.set(message.body())).completion());

            await(Syncer.deploy(host, embeddedConfig(pods, 0)));
            assertTrue(io.syncer.testing.Await.until(() -> podSet.get() != null, 10_000), "syncer.pods reached the other member");
            assertEquals(3, podSet.get().getJsonArray("pods").size());

            for (int i = 0; i < 12; i++) {
                JsonObject answer = await(other.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", TOKEN))).body();
                assertEquals("Synced", answer.getString("status"), "asked from the other member, as JSON");
                assertEquals("Synced", await(host.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", TOKEN)))
                        .body().getString("status"));
            }
            assertEquals(0, internalAtOther.get(), "no internal message reached the other member, though it listens on every internal address");
        } finally {
            await(Future.join(host.close(), other.close()));
        }
    }

    private static List<FakePod> pods(Vertx vertx) throws Exception {
        List<FakePod> pods = new ArrayList<>();
        for (String name : List.of("gw-a", "gw-b", "gw-c")) {
            FakePod pod = await(FakePod.start(vertx, name));
            pod.learn(TOKEN);
            pods.add(pod);
        }
        return pods;
    }

    private static SyncerConfig embeddedConfig(List<FakePod> pods, int port) {
        JsonObject json = Configs.staticPods(pods, port);
        json.getJsonObject("http").put("enabled", false);
        return Configs.build(json);
    }

    private static Future<Vertx> clustered(int hazelcastPort, List<String> members) {
        ClusterConfig cluster = Configs.build(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", new JsonArray().add(new JsonObject().put("address", "127.0.0.1:1"))))
                .put("cluster", new JsonObject().put("enabled", true).put("name", "embedded-test").put("port", hazelcastPort)
                        .put("eventBusPort", 0).put("members", new JsonArray(members)))).cluster();
        return Vertx.builder().with(new VertxOptions().setEventBusOptions(HazelcastClusters.eventBus(cluster)))
                .withClusterManager(HazelcastClusters.manager(cluster)).buildClustered();
    }

    /** Every internal address constant of {@link Addresses}. */
    private static List<String> internalAddresses() throws IllegalAccessException {
        List<String> addresses = new ArrayList<>();
        for (Field field : Addresses.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && ((String) field.get(null)).startsWith("syncer.internal.")) {
                addresses.add((String) field.get(null));
            }
        }
        assertTrue(addresses.size() >= 6, addresses.toString());
        return addresses;
    }
}
