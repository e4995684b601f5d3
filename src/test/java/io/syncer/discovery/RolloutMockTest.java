package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncer.Syncer;
import io.syncer.registry.RegistryVerticle;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.discovery.KubeObjects.DEPLOYMENT;
import static io.syncer.discovery.KubeObjects.NAMESPACE;
import static io.syncer.discovery.KubeObjects.endpoint;
import static io.syncer.discovery.KubeObjects.pod;
import static io.syncer.discovery.KubeObjects.replicaSet;
import static io.syncer.discovery.KubeObjects.slice;
import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollouts against fabric8's mock API server, for both sources. The world: revision 1 (ReplicaSet old111) rolling to
 * revision 2 (new222) with surge, so old and new pods serve at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RolloutMockTest {

    private static final String SERVICE = "apigw";

    private MockKubernetes kubernetes;
    private KubernetesClient client;
    private String uid;

    @BeforeEach
    void world() {
        kubernetes = new MockKubernetes();
        client = kubernetes.client;
        uid = client.apps().deployments().inNamespace(NAMESPACE).resource(KubeObjects.deployment(null, "2")).create()
                .getMetadata().getUid();
        KubeObjects.observe(client);
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("old111", "1", uid, "2026-01-01T00:00:00Z")).create();
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("new222", "2", uid, "2026-01-02T00:00:00Z")).create();
        for (var pod : List.of(pod("old111", "o1", "10.0.0.1"), pod("old111", "o2", "10.0.0.2"),
                pod("new222", "n1", "10.0.1.1"))) {
            client.pods().inNamespace(NAMESPACE).resource(pod).create();
        }
        client.services().inNamespace(NAMESPACE).resource(KubeObjects.service(SERVICE)).create();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice("apigw-s1", SERVICE, List.of(
                endpoint("apigw-old111-o1", "10.0.0.1", true, true, false),
                endpoint("apigw-old111-o2", "10.0.0.2", true, true, false),
                endpoint("apigw-new222-n1", "10.0.1.1", true, true, false)))).create();
    }

    @AfterEach
    void stop(Vertx vertx) throws Exception {
        await(vertx.close());
        kubernetes.close();
    }

    @Test
    void duringASurgeTheServiceSourceChecksOldAndNewPodsTheDeploymentSourceOnlyNew(Vertx vertx) throws Exception {
        PodSetWatcher service = follow(vertx, new EndpointSliceSource(client, NAMESPACE, SERVICE, "http", 8080));
        service.awaitNames(List.of("apigw-new222-n1", "apigw-old111-o1", "apigw-old111-o2"));

        Vertx other = Vertx.vertx();
        try {
            PodSetWatcher deployment = follow(other, new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080));
            deployment.awaitNames(List.of("apigw-new222-n1"));
        } finally {
            await(other.close());
        }
    }

    @Test
    void theServiceSourceKeepsTerminatingPodsWhileTheyServeAndDropsThemAfter(Vertx vertx) throws Exception {
        PodSetWatcher watcher = follow(vertx, new EndpointSliceSource(client, NAMESPACE, SERVICE, "http", 8080));
        watcher.awaitNames(List.of("apigw-new222-n1", "apigw-old111-o1", "apigw-old111-o2"));

        replaceEndpoints(List.of(
                endpoint("apigw-old111-o1", "10.0.0.1", false, true, true),
                endpoint("apigw-old111-o2", "10.0.0.2", false, false, true),
                endpoint("apigw-new222-n1", "10.0.1.1", true, true, false),
                endpoint("apigw-new222-n2", "10.0.1.2", true, true, false)));
        watcher.awaitNames(List.of("apigw-new222-n1", "apigw-new222-n2", "apigw-old111-o1"));

        replaceEndpoints(List.of(
                endpoint("apigw-new222-n1", "10.0.1.1", true, true, false),
                endpoint("apigw-new222-n2", "10.0.1.2", true, true, false)));
        assertEquals("10.0.1.1:8080", watcher.awaitNames(List.of("apigw-new222-n1", "apigw-new222-n2"))
                .getJsonArray("pods").getJsonObject(0).getString("address"), "the address uses the port named http");
    }

    @Test
    void theDeploymentSourceFollowsARollback(Vertx vertx) throws Exception {
        PodSetWatcher watcher = follow(vertx, new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080));
        watcher.awaitNames(List.of("apigw-new222-n1"));

        client.apps().replicaSets().inNamespace(NAMESPACE).withName("apigw-old111").edit(rs -> new ReplicaSetBuilder(rs)
                .editMetadata().addToAnnotations(PodSelection.REVISION, "3").endMetadata().build());
        setRevision("3");

        watcher.awaitNames(List.of("apigw-old111-o1", "apigw-old111-o2"));
    }

    @Test
    void theDeploymentSourcePicksOneOfDuplicateReplicaSetsDeterministically(Vertx vertx) throws Exception {
        // created in the same second as new222 (the server sets creationTimestamp): the greater name wins
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("x9dup", "2", uid, "2026-01-03T00:00:00Z")).create();
        client.pods().inNamespace(NAMESPACE).resource(pod("x9dup", "d1", "10.0.2.1")).create();
        PodSetWatcher watcher = follow(vertx, new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080));
        watcher.awaitNames(List.of("apigw-x9dup-d1"));
    }

    @Test
    void theDeploymentSourceHoldsItsSetWhileTheControllerLags(Vertx vertx) throws Exception {
        PodSetWatcher watcher = follow(vertx, new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080));
        watcher.awaitNames(List.of("apigw-new222-n1"));

        Deployment current = client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
        double seen = watcher.events("deployment");
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder(current)
                .editStatus().withObservedGeneration(current.getMetadata().getGeneration() - 1).endStatus().build()).updateStatus();
        client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(PodSelection.REVISION, "1").endMetadata().build());
        // the scraper has seen both changes (status and revision) before the set is read
        assertTrue(io.syncer.testing.Await.until(() -> watcher.events("deployment") >= seen + 2, 10_000), "the scraper saw the edits");
        assertEquals(List.of("apigw-new222-n1"), PodSetWatcher.names(watcher.latest()), "the lagging revision is not trusted");
        assertEquals(1L, watcher.latest().getLong("generation"));

        KubeObjects.observe(client);
        watcher.awaitNames(List.of("apigw-old111-o1", "apigw-old111-o2"));
    }

    private void setRevision(String revision) {
        client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(PodSelection.REVISION, revision).endMetadata().build());
        KubeObjects.observe(client);
    }

    private void replaceEndpoints(List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints) {
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice("apigw-s1", SERVICE, endpoints)).update();
    }

    /** Deploys a registry and a scraper on {@code source} into {@code vertx}; returns once every watch is open. */
    static PodSetWatcher follow(Vertx vertx, PodSource source) throws Exception {
        return follow(vertx, source, true);
    }

    /** As {@link #follow(Vertx, PodSource)}; without {@code awaitWatches} (a scripted watch that closes at once) it returns at once. */
    static PodSetWatcher follow(Vertx vertx, PodSource source, boolean awaitWatches) throws Exception {
        Syncer.registerCodecs(vertx.eventBus());
        PodSetWatcher watcher = new PodSetWatcher(vertx);
        await(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
        watcher.meters = TestMetrics.meters();
        ScraperVerticle scraper = new ScraperVerticle(source, watcher.meters, 15_000);
        await(vertx.deployVerticle(scraper));
        if (awaitWatches) {
            PodSetWatcher.awaitWatchesOpen(vertx);
        }
        return watcher;
    }
}
