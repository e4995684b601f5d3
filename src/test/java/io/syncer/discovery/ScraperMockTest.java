package io.syncer.discovery;

import io.syncer.testing.Await;
import io.syncer.testing.TestMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncer.Syncer;
import io.syncer.registry.RegistryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import static io.syncer.discovery.KubeObjects.notReady;
import static io.syncer.discovery.KubeObjects.pod;
import static io.syncer.discovery.KubeObjects.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ScraperVerticle against fabric8's mock API server: informer events reach the registry as new pod sets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScraperMockTest {

    private MockKubernetes kubernetes;
    private KubernetesClient client;
    private PodSetWatcher watcher;
    private String uid;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        kubernetes = new MockKubernetes();
        client = kubernetes.client;
        Deployment created = client.apps().deployments().inNamespace(NAMESPACE).resource(KubeObjects.deployment(null, "1")).create();
        uid = created.getMetadata().getUid();
        KubeObjects.observe(client);
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("aaa111", "1", uid, "2026-01-01T00:00:00Z")).create();
        create(pod("aaa111", "p1", "10.0.0.1"));
        create(pod("aaa111", "p2", "10.0.0.2"));
        create(notReady(pod("aaa111", "p3", "10.0.0.3")));

        Syncer.registerCodecs(vertx.eventBus());
        watcher = new PodSetWatcher(vertx);
        Await.result(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
        ScraperVerticle scraper = new ScraperVerticle(new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080), TestMetrics.meters(), 15_000);
        Await.result(vertx.deployVerticle(scraper));
        // the mock server does not replay events from a list's resourceVersion: change nothing before the watches are open
        PodSetWatcher.awaitWatchesOpen(vertx);
    }

    @AfterEach
    void stop(Vertx vertx) throws Exception {
        Await.result(vertx.close());
        kubernetes.close();
    }

    @Test
    void publishesTheServingPodsOfTheCurrentRevision() throws Exception {
        JsonObject set = watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));
        assertEquals("10.0.0.1:8080", set.getJsonArray("pods").getJsonObject(0).getString("address"));
        assertEquals(1L, set.getLong("generation"));
    }

    @Test
    void followsARolloutToANewRevision() throws Exception {
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("bbb222", "2", uid, "2026-01-02T00:00:00Z")).create();
        create(pod("bbb222", "q1", "10.0.1.1"));
        create(pod("bbb222", "q2", "10.0.1.2"));
        long start = System.nanoTime();
        client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(PodSelection.REVISION, "2").endMetadata().build());
        KubeObjects.observe(client);

        watcher.awaitNames(List.of("apigw-bbb222-q1", "apigw-bbb222-q2"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("rollout reached the registry in " + ms + " ms");
        assertTrue(ms < 5_000, "the rollout took " + ms + " ms to reach the registry");
    }

    @Test
    void dropsAPodThatBecomesUnready() throws Exception {
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));
        Pod p2 = client.pods().inNamespace(NAMESPACE).withName("apigw-aaa111-p2").get();
        client.pods().inNamespace(NAMESPACE).resource(notReady(p2)).updateStatus();
        watcher.awaitNames(List.of("apigw-aaa111-p1"));

        Pod p3 = client.pods().inNamespace(NAMESPACE).withName("apigw-aaa111-p3").get();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder(p3).editStatus().withConditions()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).updateStatus();
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p3"));
    }

    @Test
    void dropsADeletedPod() throws Exception {
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));
        client.pods().inNamespace(NAMESPACE).withName("apigw-aaa111-p1").delete();
        watcher.awaitNames(List.of("apigw-aaa111-p2"));
    }

    @Test
    void dropsAPodThatLosesItsIp() throws Exception {
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));
        Pod p1 = client.pods().inNamespace(NAMESPACE).withName("apigw-aaa111-p1").get();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder(p1).editStatus().withPodIP(null).endStatus().build()).updateStatus();
        watcher.awaitNames(List.of("apigw-aaa111-p2"));
    }

    @Test
    void aNewPodOfTheCurrentRevisionIsAdded() throws Exception {
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));
        create(pod("aaa111", "p4", "10.0.0.4"));
        JsonObject set = watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2", "apigw-aaa111-p4"));
        assertEquals(2L, set.getLong("generation"));
    }

    private void create(Pod pod) {
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

}
