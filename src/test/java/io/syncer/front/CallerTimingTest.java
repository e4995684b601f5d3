package io.syncer.front;

import io.syncer.Syncer;
import io.syncer.bus.Addresses;
import io.syncer.model.PodSet;
import io.syncer.testing.Configs;
import io.syncer.config.SyncerConfig;
import io.syncer.testing.FakePod;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caller's side of time: the deadline counts from the request's arrival, however late the registry answers, and a
 * gateway that goes away takes its probes with it. The HTTP front runs against a stand-in registry whose answer is
 * delayed on purpose.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallerTimingTest {

    /** How long the stand-in registry waits before answering a snapshot request; below 0: it never answers. */
    private final AtomicInteger registryDelayMs = new AtomicInteger();
    /** Snapshot requests the stand-in registry has received: a check has arrived and waits for its pod set. */
    private final AtomicInteger snapshotRequests = new AtomicInteger();
    private FakePod pod;
    private FrontLimits limits;
    private int port;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        pod = await(FakePod.start(vertx, "gw-a"));
        FakePod other = await(FakePod.start(vertx, "gw-b"));
        JsonObject config = Configs.staticPods(List.of(pod, other), 0);
        config.getJsonObject("check").put("attempts", 100).put("retryDelayMs", 50);
        Syncer.registerCodecs(vertx.eventBus());
        PodSet podSet = new PodSet(1, List.of(pod.pod(), other.pod()));
        registryDelayMs.set(-1); // until a test says otherwise the stand-in never answers, so no view is cached at start
        vertx.eventBus().localConsumer(Addresses.REGISTRY_SNAPSHOT, message -> {
            snapshotRequests.incrementAndGet();
            if (registryDelayMs.get() < 0) {
                return;
            }
            if (registryDelayMs.get() == 0) {
                message.reply(podSet);
            } else {
                vertx.setTimer(registryDelayMs.get(), id -> message.reply(podSet));
            }
        });
        SyncerConfig built = Configs.build(config);
        limits = new FrontLimits(built.check().maxInFlight());
        await(vertx.deployVerticle(new CheckFrontVerticle(built, TestMetrics.create(), new io.syncer.zonesync.ZoneSyncHealth(), limits)));
        port = limits.port().get();
        client = WebClient.create(vertx);
    }

    @Test
    void theDeadlineCountsFromArrivalWhenTheRegistryAnswersLate() throws Exception {
        registryDelayMs.set(0);
        await(client.get(port, "127.0.0.1", "/v1/synced?deadlineMs=100").putHeader("X-Auth-Token", "warm-up").send());
        registryDelayMs.set(400);
        pod.hang();
        long start = System.nanoTime();
        HttpResponse<Buffer> answer = await(client.get(port, "127.0.0.1", "/v1/synced?deadlineMs=500").putHeader("X-Auth-Token", "t").send());
        long ms = (System.nanoTime() - start) / 1_000_000;

        JsonObject body = answer.bodyAsJsonObject();
        assertEquals("Timeout", body.getString("status"), body.encode());
        assertTrue(ms < 700, "answered " + ms + " ms after sending, for a 500 ms deadline");
        // the loop-lag margin may answer up to a quarter of the deadline early, by design (LoopLag)
        assertTrue(body.getLong("elapsedMs") >= 500 - 500 / 4 && body.getLong("elapsedMs") < 600, "elapsedMs from arrival: " + body.getLong("elapsedMs"));
    }

    @Test
    void aRegistryThatDoesNotAnswerBeforeTheDeadlineIsA503ByTheDeadline() throws Exception {
        registryDelayMs.set(3_000);
        long start = System.nanoTime();
        HttpResponse<Buffer> answer = await(client.get(port, "127.0.0.1", "/v1/synced?deadlineMs=500").putHeader("X-Auth-Token", "t").send());
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(503, answer.statusCode());
        assertTrue(answer.bodyAsJsonObject().getString("message").contains("deadline"), answer.bodyAsString());
        assertTrue(ms < 700, "answered after " + ms + " ms");
    }

    @Test
    void aGatewayThatDisconnectsCancelsItsProbes(Vertx vertx) throws Exception {
        registryDelayMs.set(0);
        NetSocket socket = sendRaw(vertx);
        assertTrue(io.syncer.testing.Await.until(() -> pod.requests() >= 2, 5_000), "the pod is being asked");
        await(socket.close());
        assertTrue(io.syncer.testing.Await.until(() -> limits.connections().get() == 0, 5_000), "syncer saw the gateway go");
        int afterClose = pod.requests();
        // time itself is under test: a retry every 50 ms would ask ~20 more times; one request already on the wire may land
        io.syncer.testing.Await.holdsFor(() -> pod.requests() <= afterClose + 1, 1_000, "no request after the gateway went away");
        assertTrue(afterClose < 30, "asked " + afterClose + " times");
    }

    @Test
    void aCheckWhoseGatewayLeftBeforeThePodSetArrivedAsksNobody(Vertx vertx) throws Exception {
        registryDelayMs.set(500);
        int before = snapshotRequests.get();
        NetSocket socket = sendRaw(vertx);
        assertTrue(io.syncer.testing.Await.until(() -> snapshotRequests.get() > before, 5_000), "the check arrived and waits for its pod set");
        await(socket.close());
        // time itself is under test: the pod set arrives 500 ms after the check began, and nothing may be sent then
        io.syncer.testing.Await.holdsFor(() -> pod.requests() == 0, 1_000, "a probe cancelled before it started sends nothing");
    }

    private NetSocket sendRaw(Vertx vertx) throws Exception {
        NetSocket socket = await(vertx.createNetClient().connect(port, "127.0.0.1"));
        await(socket.write("GET /v1/synced?deadlineMs=3000 HTTP/1.1\r\nHost: syncer\r\nX-Auth-Token: gone-token\r\n\r\n"));
        return socket;
    }
}
