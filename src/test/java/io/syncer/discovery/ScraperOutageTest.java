package io.syncer.discovery;

import io.syncer.testing.Await;
import io.syncer.testing.TestMetrics;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.syncer.bus.Addresses;
import io.syncer.Syncer;
import io.syncer.model.PodSet;
import io.syncer.registry.RegistryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.syncer.discovery.KubeObjects.DEPLOYMENT;
import static io.syncer.discovery.KubeObjects.NAMESPACE;
import static io.syncer.discovery.KubeObjects.pod;
import static io.syncer.discovery.KubeObjects.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kubernetes API going away, or never being there: syncer keeps running and never invents a pod set. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScraperOutageTest {

    @Test
    void keepsTheLastKnownPodSetWhenTheApiGoesAway(Vertx vertx) throws Exception {
        MockKubernetes kubernetes = new MockKubernetes();
        KubernetesClient client = kubernetes.client;
        Deployment created = client.apps().deployments().inNamespace(NAMESPACE).resource(KubeObjects.deployment(null, "1")).create();
        KubeObjects.observe(client);
        client.apps().replicaSets().inNamespace(NAMESPACE)
                .resource(replicaSet("aaa111", "1", created.getMetadata().getUid(), "2026-01-01T00:00:00Z")).create();
        client.pods().inNamespace(NAMESPACE).resource(pod("aaa111", "p1", "10.0.0.1")).create();
        client.pods().inNamespace(NAMESPACE).resource(pod("aaa111", "p2", "10.0.0.2")).create();
        Syncer.registerCodecs(vertx.eventBus());
        PodSetWatcher watcher = new PodSetWatcher(vertx);
        Await.result(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
        String scraper = Await.result(vertx.deployVerticle(new ScraperVerticle(new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080), TestMetrics.meters(), 15_000)));
        watcher.awaitNames(List.of("apigw-aaa111-p1", "apigw-aaa111-p2"));

        kubernetes.server.destroy();
        // time itself is under test: while the API is gone the informers fail and retry, and nothing may be published
        Await.holdsFor(() -> watcher.latest().getLong("generation") == 1L && vertx.deploymentIDs().contains(scraper), 1_500,
                "no pod set published, the scraper still deployed, while the API was gone");

        PodSet snapshot = Await.result(vertx.eventBus().<PodSet>request(Addresses.REGISTRY_SNAPSHOT, null)).body();
        assertEquals(1, snapshot.generation());
        assertEquals(2, snapshot.size());
        assertEquals(1L, watcher.latest().getLong("generation"), "no pod set was published while the API was gone");
        assertEquals(true, vertx.deploymentIDs().contains(scraper), "the scraper is still deployed");
        Await.result(vertx.close());
        client.close();
    }

    @Test
    void startsWithoutAnApiAndAnswersNotReadyInsteadOfGuessing(Vertx vertx) throws Exception {
        // an API server that is there but cannot serve (as during a control-plane outage behind its load balancer)
        int unavailable = Await.result(vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(503).end())
                .listen(0, "127.0.0.1")).actualPort();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + unavailable).withRequestRetryBackoffLimit(0).build()).build();
        Syncer.registerCodecs(vertx.eventBus());
        Await.result(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
        String scraper = Await.result(vertx.deployVerticle(new ScraperVerticle(new DeploymentSource(client, NAMESPACE, DEPLOYMENT, 8080),
                TestMetrics.meters(), 15_000)));
        // the scraper tried the API and told the registry its watches are down (with no scraper they would stay starting)
        assertTrue(Await.until(() -> {
            try {
                return "down".equals(Await.result(vertx.eventBus().<io.vertx.core.json.JsonObject>request(Addresses.STATUS, null))
                        .body().getString("watch"));
            } catch (Exception e) {
                return false;
            }
        }, 10_000), "the scraper reports its watches down");
        assertEquals(true, vertx.deploymentIDs().contains(scraper), "the API being gone did not crash the scraper");

        ExecutionException error = assertThrows(ExecutionException.class,
                () -> Await.result(vertx.eventBus().request(Addresses.REGISTRY_SNAPSHOT, null)));
        assertEquals(503, ((ReplyException) error.getCause()).failureCode());
        Await.result(vertx.close());
        client.close();
    }

}
