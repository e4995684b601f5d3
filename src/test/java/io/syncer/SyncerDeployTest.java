package io.syncer;

import io.syncer.testing.TestMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How syncer deploys: nothing blocking on an event loop. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SyncerDeployTest {

    @Test
    void theKubernetesClientIsBuiltOffTheEventLoops(Vertx vertx) throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<Boolean> onEventLoop = new AtomicReference<>();
        JsonObject config = new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
                .put("discovery", new JsonObject().put("kubernetes", new JsonObject().put("namespace", "gateway").put("deployment", "apigw")));
        Exception failure = assertThrows(Exception.class, () -> await(Syncer.deploy(vertx, io.syncer.testing.Configs.build(config), () -> {
            thread.set(Thread.currentThread().getName());
            onEventLoop.set(Context.isOnEventLoopThread());
            throw new IllegalStateException("no cluster in this test");
        }, TestMetrics.create())));
        assertNotNull(thread.get(), "the client factory was called");
        assertFalse(onEventLoop.get(), "built on " + thread.get());
        assertEquals("no cluster in this test", rootCause(failure).getMessage(), "the start-up failure names the cause");
    }

    @Test
    void aDeployThatFailsHalfwayClosesTheKubernetesClientItBuiltAndEverythingElse(Vertx vertx) throws Exception {
        io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server =
                new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                        new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
                        new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init();
        io.fabric8.kubernetes.client.KubernetesClient client = server.createClient();
        io.vertx.core.http.HttpServer squatter = await(vertx.createHttpServer().requestHandler(r -> r.response().end())
                .listen(0, "127.0.0.1"));
        try {
            JsonObject config = new JsonObject()
                    .put("http", new JsonObject().put("host", "127.0.0.1").put("port", squatter.actualPort()).put("instances", 1))
                    .put("discovery", new JsonObject().put("kubernetes", new JsonObject().put("namespace", "gateway").put("deployment", "apigw")));
            assertThrows(Exception.class, () -> await(Syncer.deploy(vertx, io.syncer.testing.Configs.build(config), () -> client,
                    TestMetrics.create())), "the HTTP port is taken: the deploy fails after discovery started");

            assertTrue(client.getHttpClient().isClosed(), "the Kubernetes client the deploy built is closed");
            assertTrue(vertx.deploymentIDs().isEmpty(), "every verticle undeployed: " + vertx.deploymentIDs());
            await(Syncer.deploy(vertx, io.syncer.testing.Configs.build(new JsonObject()
                    .put("http", new JsonObject().put("enabled", false))
                    .put("discovery", new JsonObject().put("mode", "static").put("static", new io.vertx.core.json.JsonArray()
                            .add(new JsonObject().put("address", "127.0.0.1:1")))))
                    , () -> null, TestMetrics.create()));
        } finally {
            server.destroy();
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
