package io.syncer.discovery;

import io.syncer.testing.Await;
import io.syncer.testing.TestMetrics;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.syncer.Syncer;
import io.syncer.registry.RegistryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery against a real Kubernetes (k3s in a container): real controllers make the ReplicaSets, pods and
 * EndpointSlices, for both sources. Runs only where a Docker engine exists; elsewhere it is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScraperK3sTest {

    private static final String NAMESPACE = "gateway";

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.2-k3s1"));

    @Test
    void followsARealDeploymentAsItScales(Vertx vertx) throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            Deployment gateway = new DeploymentBuilder()
                    .withNewMetadata().withName("apigw").withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "apigw").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "apigw").endMetadata()
                    .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:alpine").endContainer().endSpec()
                    .endTemplate().endSpec().build();
            client.apps().deployments().inNamespace(NAMESPACE).resource(gateway).create();

            Syncer.registerCodecs(vertx.eventBus());
            PodSetWatcher watcher = new PodSetWatcher(vertx);
            Await.result(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
            Await.result(vertx.deployVerticle(new ScraperVerticle(new DeploymentSource(client, NAMESPACE, "apigw", 80), TestMetrics.meters(), 15_000)));
            // the scraper follows the real controllers from here on

            client.apps().deployments().inNamespace(NAMESPACE).withName("apigw").waitUntilReady(5, TimeUnit.MINUTES);
            JsonObject twoPods = watcher.awaitNames(readyPodNames(client));
            assertEquals(2, twoPods.getJsonArray("pods").size());

            client.apps().deployments().inNamespace(NAMESPACE).withName("apigw").scale(3);
            client.apps().deployments().inNamespace(NAMESPACE).withName("apigw").waitUntilCondition(
                    d -> d.getStatus() != null && Integer.valueOf(3).equals(d.getStatus().getReadyReplicas()), 5, TimeUnit.MINUTES);
            assertEquals(3, watcher.awaitNames(readyPodNames(client)).getJsonArray("pods").size());

            client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                    .withNewMetadata().withName("apigw").withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec().addToSelector("app", "apigw").addNewPort().withName("http").withPort(80)
                    .withNewTargetPort(80).endPort().endSpec().build()).create();
            Vertx other = Vertx.vertx();
            try {
                PodSetWatcher service = RolloutMockTest.follow(other, new EndpointSliceSource(client, NAMESPACE, "apigw", "http", 8080));
                JsonObject endpoints = service.awaitNames(readyPodNames(client));
                assertEquals(3, endpoints.getJsonArray("pods").size());
                assertTrue(endpoints.getJsonArray("pods").getJsonObject(0).getString("address").endsWith(":80"), "the port named http");
            } finally {
                Await.result(other.close());
            }
        }
    }

    private static List<String> readyPodNames(KubernetesClient client) {
        return client.pods().inNamespace(NAMESPACE).withLabel("app", "apigw").list().getItems().stream()
                .filter(PodSelection::isServing)
                .map(pod -> pod.getMetadata().getName())
                .sorted()
                .toList();
    }

}
