package io.syncer.bus;

import io.syncer.testing.Await;
import io.syncer.testing.TestMetrics;
import io.syncer.Syncer;
import io.syncer.front.CheckFrontVerticle;
import io.syncer.registry.RegistryVerticle;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-bus API as another Vert.x application uses it: from a verticle of its own. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventBusApiTest {

    private static final String TOKEN = "bus-token";

    /** Stands for another application's verticle: it asks syncer.check and listens to syncer.pods. */
    static final class ClientVerticle extends VerticleBase {
        final Promise<JsonObject> firstPodSet = Promise.promise();

        @Override
        public Future<?> start() {
            return vertx.eventBus().<JsonObject>consumer(Addresses.PODS, message -> firstPodSet.tryComplete(message.body()))
                    .completion();
        }

        Future<JsonObject> check(JsonObject request) {
            Promise<JsonObject> reply = Promise.promise();
            context.runOnContext(v -> vertx.eventBus().<JsonObject>request(Addresses.CHECK, request)
                    .map(message -> message.body()).onComplete(reply));
            return reply.future();
        }
    }

    @Test
    void otherVerticlesCheckTokensAndFollowThePodSet(Vertx vertx) throws Exception {
        List<FakePod> pods = new ArrayList<>();
        for (String name : List.of("gw-a", "gw-b")) {
            pods.add(Await.result(FakePod.start(vertx, name)));
        }
        ClientVerticle client = new ClientVerticle();
        Await.result(vertx.deployVerticle(client));
        Await.result(Syncer.deploy(vertx, Configs.build(Configs.staticPods(pods, 0)), () -> null, TestMetrics.create()));

        JsonObject podSet = Await.result(client.firstPodSet.future());
        assertEquals(1L, podSet.getLong("generation"));
        assertEquals(2, podSet.getJsonArray("pods").size());
        assertEquals("gw-a", podSet.getJsonArray("pods").getJsonObject(0).getString("name"));

        pods.get(0).learn(TOKEN);
        // a deadline long enough that gw-b's attempts run out first, however cold this JVM still is
        JsonObject partial = Await.result(client.check(new JsonObject().put("token", TOKEN).put("deadlineMs", 5_000)));
        assertEquals("Partialy", partial.getString("status"));
        assertEquals(1, partial.getInteger("synced"));

        pods.get(1).learn(TOKEN);
        JsonObject detailed = Await.result(client.check(new JsonObject().put("token", TOKEN).put("detail", true).put("origin", "gw-b")));
        assertEquals("Synced", detailed.getString("status"));
        assertEquals(2, detailed.getJsonArray("results").size());
        assertEquals(1L, detailed.getLong("generation"));
    }

    @Test
    void aRequestWithoutTokenFailsWithCode400(Vertx vertx) throws Exception {
        List<FakePod> pods = List.of(Await.result(FakePod.start(vertx, "gw-a")), Await.result(FakePod.start(vertx, "gw-b")));
        ClientVerticle client = new ClientVerticle();
        Await.result(vertx.deployVerticle(client));
        Await.result(Syncer.deploy(vertx, Configs.build(Configs.staticPods(pods, 0)), () -> null, TestMetrics.create()));

        for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("token", ""), new JsonObject().put("token", 42),
                new JsonObject().put("token", "t").put("detail", "yes"))) {
            ReplyException failure = replyFailure(client.check(bad));
            assertEquals(400, failure.failureCode(), bad.encode());
        }
        pods.forEach(pod -> assertEquals(0, pod.requests()));
    }

    @Test
    void beforeThePodSetIsKnownTheCheckFailsWith503(Vertx vertx) throws Exception {
        Syncer.registerCodecs(vertx.eventBus());
        ClientVerticle client = new ClientVerticle();
        Await.result(vertx.deployVerticle(client));
        Await.result(vertx.deployVerticle(new RegistryVerticle(TestMetrics.meters(), 60_000)));
        Await.result(vertx.deployVerticle(new CheckFrontVerticle(Configs.build(Configs.staticPods(
                List.of(Await.result(FakePod.start(vertx, "gw-a"))), 0)), TestMetrics.create())));

        ReplyException failure = replyFailure(client.check(new JsonObject().put("token", TOKEN)));
        assertEquals(503, failure.failureCode());
        assertTrue(failure.getMessage().contains("not known yet"));
    }

    private static ReplyException replyFailure(Future<?> future) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> Await.result(future));
        return (ReplyException) thrown.getCause();
    }

}
