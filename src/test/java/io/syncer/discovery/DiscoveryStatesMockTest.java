package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncer.Syncer;
import io.syncer.metrics.Telemetry;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
 * What syncer answers while Kubernetes is inconsistent or incomplete, end to end: the shipped verticles against
 * fabric8's CRUD mock API server, a real fake pod behind every pod IP (127.0.0.1), and HTTP. Never a Synced for pods
 * nobody asked; a 503 naming what is missing; the last pod set held while the objects are in flux.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DiscoveryStatesMockTest {

    private static final String TOKEN = "states-token";
    private static final String LOCAL = "127.0.0.1";

    private MockKubernetes kubernetes;
    private KubernetesClient client;
    private FakePod gateway;
    private WebClient web;
    private int port;
    private Telemetry metrics;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        kubernetes = new MockKubernetes();
        client = kubernetes.client;
        gateway = await(FakePod.start(vertx, "gw"));
        gateway.learn(TOKEN);
        web = WebClient.create(vertx);
        metrics = TestMetrics.create();
    }

    @AfterEach
    void stop(Vertx vertx) throws Exception {
        await(vertx.close());
        kubernetes.close();
    }

    @Test
    void aDeploymentMissingAtStartIsRefusedByNameThenNoPodsThenSettled(Vertx vertx) throws Exception {
        deploySyncer(vertx, "deployment");
        JsonObject missing = awaitReadiness(state("missing"));
        assertTrue(missing.getJsonObject("discovery").getString("reason").contains("Deployment gateway/apigw does not exist"));
        assertRefused("Deployment gateway/apigw does not exist");
        assertTrue(metrics.meters().scrape().contains("syncer_discovery_state{state=\"missing\"} 1.0"), metrics.meters().scrape());

        String uid = createDeployment("1");
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("old111", "1", uid, "2026-01-01T00:00:00Z")).create();
        awaitReadiness(state("no_pods"));
        assertRefused("no serving gateway pods");

        createPods("old111", "o1", "o2");
        awaitReadiness(state("settled").and(status -> status.getInteger("pods") == 2));
        JsonObject synced = check();
        assertEquals("Synced", synced.getString("status"));
        assertEquals(2, synced.getInteger("pods"));
        assertTrue(metrics.meters().scrape().contains("syncer_discovery_state{state=\"settled\"} 1.0"));
    }

    @Test
    void aRevisionAnnotatedBeforeItsReplicaSetHoldsTheLastSetUntilTheReplicaSetAndPodsArrive(Vertx vertx) throws Exception {
        String uid = settledOnRevision1(vertx);

        setRevision("2");
        awaitReadiness(state("held"));
        JsonObject held = check();
        assertEquals("Synced", held.getString("status"), "the held pods were asked");
        assertEquals(2, held.getInteger("pods"));
        assertEquals("held", held.getJsonObject("discovery").getString("state"));
        assertTrue(held.getJsonObject("discovery").getString("reason").contains("revision 2"));
        assertEquals(2, held.getJsonArray("results").stream().filter(r -> "synced".equals(((JsonObject) r).getString("outcome"))).count());

        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("new222", "2", uid, "2026-01-02T00:00:00Z")).create();
        createPods("new222", "n1", "n2", "n3");
        awaitReadiness(state("settled").and(status -> status.getInteger("pods") == 3));
        assertEquals(3, check().getInteger("pods"));
    }

    @Test
    void theCurrentReplicaSetDeletedWhileTheOldOneServesHoldsTheLastSet(Vertx vertx) throws Exception {
        String uid = settledOnRevision1(vertx);
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("new222", "2", uid, "2026-01-02T00:00:00Z")).create();
        createPods("new222", "n1", "n2", "n3");
        setRevision("2");
        awaitReadiness(state("settled").and(status -> status.getInteger("pods") == 3));

        client.apps().replicaSets().inNamespace(NAMESPACE).withName(DEPLOYMENT + "-new222").delete();
        awaitReadiness(state("held"));
        JsonObject held = check();
        assertEquals("Synced", held.getString("status"));
        assertEquals(3, held.getInteger("pods"), "the last settled set is asked, never zero pods");
    }

    @Test
    void aDeletedDeploymentIsRefusedByNameAndReadinessGoesDown(Vertx vertx) throws Exception {
        settledOnRevision1(vertx);
        client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).delete();
        awaitReadiness(state("missing"));
        assertEquals(503, await(web.get(port, LOCAL, "/health/ready").send()).statusCode());
        assertRefused("Deployment gateway/apigw does not exist");
    }

    @Test
    void duringARolloutTheMinPodsShortcutCountsTheOldPodsSoTheOneNewPodIsAsked(Vertx vertx) throws Exception {
        String uid = settledOnRevision1(vertx);
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("new222", "2", uid, "2026-01-02T00:00:00Z")).create();
        createPods("new222", "n1");
        setRevision("2");
        awaitReadiness(state("settled").and(status -> status.getInteger("pods") == 1));

        JsonObject answer = check("unknown-token");
        assertEquals("NotSynced", answer.getString("status"), "one Ready new pod with two old ones serving is asked: " + answer);
        assertEquals(1, answer.getInteger("pods"));
        assertTrue(gateway.requests() > 0);
    }

    @Test
    void theServicesOnlyEndpointSliceDeletedHoldsTheLastSet(Vertx vertx) throws Exception {
        client.services().inNamespace(NAMESPACE).resource(KubeObjects.service("apigw")).create();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice("apigw-s1", "apigw", List.of(
                endpoint("apigw-a", LOCAL, true, true, false), endpoint("apigw-b", LOCAL, true, true, false)))).create();
        deploySyncer(vertx, "service");
        awaitReadiness(state("settled").and(status -> status.getInteger("pods") == 2));

        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName("apigw-s1").delete();
        awaitReadiness(state("held"));
        JsonObject held = check();
        assertEquals("Synced", held.getString("status"));
        assertEquals(2, held.getInteger("pods"));

        client.services().inNamespace(NAMESPACE).withName("apigw").delete();
        awaitReadiness(state("missing"));
        assertRefused("Service gateway/apigw does not exist");
    }

    private String settledOnRevision1(Vertx vertx) throws Exception {
        String uid = createDeployment("1");
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(replicaSet("old111", "1", uid, "2026-01-01T00:00:00Z")).create();
        createPods("old111", "o1", "o2");
        deploySyncer(vertx, "deployment");
        awaitReadiness(state("settled").and(status -> status.getInteger("pods") == 2));
        return uid;
    }

    private void deploySyncer(Vertx vertx, String source) throws Exception {
        JsonObject config = new JsonObject()
                .put("http", new JsonObject().put("host", LOCAL).put("port", 0).put("instances", 1))
                .put("discovery", new JsonObject().put("mode", "kubernetes").put("kubernetes", new JsonObject()
                        .put("namespace", NAMESPACE).put("source", source).put("deployment", DEPLOYMENT).put("service", "apigw")))
                .put("check", new JsonObject().put("deadlineMs", 1000).put("attempts", 2).put("retryDelayMs", 20)
                        .put("pod", new JsonObject().put("port", gateway.port())));
        port = await(Syncer.deploy(vertx, Configs.build(config), () -> client, metrics)).httpPort();
    }

    private String createDeployment(String revision) {
        String uid = client.apps().deployments().inNamespace(NAMESPACE).resource(KubeObjects.deployment(null, revision)).create()
                .getMetadata().getUid();
        KubeObjects.observe(client);
        return uid;
    }

    private void createPods(String hash, String... names) {
        for (String name : names) {
            client.pods().inNamespace(NAMESPACE).resource(pod(hash, name, LOCAL)).create();
        }
    }

    private void setRevision(String revision) {
        client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(PodSelection.REVISION, revision).endMetadata().build());
        KubeObjects.observe(client);
    }

    private static Predicate<JsonObject> state(String state) {
        return status -> status.getJsonObject("discovery") != null && state.equals(status.getJsonObject("discovery").getString("state"));
    }

    /** Waits until the readiness data matches; returns it. */
    private JsonObject awaitReadiness(Predicate<JsonObject> condition) {
        // not listening yet counts as no match
        return io.syncer.testing.Await.value(() -> await(web.get(port, LOCAL, "/health/ready").send()).bodyAsJsonObject()
                .getJsonArray("checks").getJsonObject(0).getJsonObject("data"), data -> data != null && condition.test(data), 10_000);
    }

    private void assertRefused(String message) throws Exception {
        HttpResponse<Buffer> answer = await(web.get(port, LOCAL, "/v1/synced").putHeader("X-Auth-Token", TOKEN).send());
        assertEquals(503, answer.statusCode(), answer.bodyAsString());
        assertTrue(answer.bodyAsJsonObject().getString("message").contains(message), answer.bodyAsString());
    }

    private JsonObject check() throws Exception {
        return check(TOKEN);
    }

    private JsonObject check(String token) throws Exception {
        HttpResponse<Buffer> answer = await(web.get(port, LOCAL, "/v1/synced?detail=true").putHeader("X-Auth-Token", token).send());
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        return answer.bodyAsJsonObject();
    }
}
