package io.syncer.bus;

import io.syncer.model.DiscoveredPods;
import io.syncer.testing.Await;
import io.syncer.testing.FakePod;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP event-bus bridge as an application that does not join the cluster uses it: a plain socket, frames of a 4-byte
 * big-endian length and a JSON object.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpBridgeTest {

    @Test
    void aPlainSocketClientChecksATokenAndIsRefusedEverythingElse(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config
                .put("bridge", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", 0)));
        int bridgePort = syncer.syncer.bridgePort();
        syncer.pods.forEach(pod -> pod.learn("bridged"));

        try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());

            write(out, new JsonObject().put("type", "send").put("address", "syncer.check").put("replyAddress", "r1")
                    .put("body", new JsonObject().put("token", "bridged").put("detail", true)));
            JsonObject reply = read(in);
            assertEquals("message", reply.getString("type"), reply.encode());
            assertEquals("r1", reply.getString("address"));
            assertEquals("Synced", reply.getJsonObject("body").getString("status"));
            assertEquals(2, reply.getJsonObject("body").getJsonArray("results").size());

            write(out, new JsonObject().put("type", "send").put("address", Addresses.REGISTRY_SNAPSHOT).put("replyAddress", "r2")
                    .put("body", new JsonObject()));
            JsonObject denied = read(in);
            assertEquals("err", denied.getString("type"), denied.encode());
            assertEquals("access_denied", denied.getString("message"));

            write(out, new JsonObject().put("type", "register").put("address", Addresses.DISCOVERED_PODS));
            assertEquals("access_denied", read(in).getString("message"), "no internal address outbound either");
        }
        for (FakePod pod : syncer.pods) {
            assertEquals(1, pod.requests());
        }
    }

    @Test
    void aPublishToTheCheckIsRefusedWithAnErrorFrameAndRunsNoCheck(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config
                .put("http", config.getJsonObject("http").put("instances", 2))
                .put("bridge", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", 0)));
        int bridgePort = syncer.syncer.bridgePort();
        syncer.pods.forEach(pod -> pod.learn("published"));

        try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            write(out, new JsonObject().put("type", "publish").put("address", "syncer.check")
                    .put("body", new JsonObject().put("token", "published")));
            JsonObject refused = read(in);
            assertEquals("err", refused.getString("type"), refused.encode());
            assertEquals("blocked by bridgeEvent handler", refused.getString("message"));
        }
        // a send without a reply address (an embedding application's mistake) is ignored and counted, never run
        vertx.eventBus().send(Addresses.CHECK, new JsonObject().put("token", "published"));
        assertTrue(Await.until(() -> syncer.metrics.meters().scrape().contains("result=\"no_reply_address\""), 5_000), syncer.metrics.meters().scrape());
        for (FakePod pod : syncer.pods) {
            assertEquals(0, pod.requests(), pod.name() + " was asked by a check nobody could receive");
        }
    }

    @Test
    void aCheckSentRightAfterAPodSetFrameRunsOnThatGenerationOrANewerOne(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config
                .put("http", config.getJsonObject("http").put("instances", 2))
                .put("bridge", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", 0)));
        int bridgePort = syncer.syncer.bridgePort();
        List<List<FakePod>> sets = List.of(syncer.pods.subList(0, 2), syncer.pods, syncer.pods.subList(1, 3));

        try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            write(out, new JsonObject().put("type", "register").put("address", Addresses.PODS));
            write(out, new JsonObject().put("type", "ping"));
            assertEquals("pong", read(in).getString("type"), "frames are handled in order: the registration is in place");
            for (int round = 0; round < 10; round++) {
                List<FakePod> next = sets.get(round % sets.size());
                // what a discovery source does when the gateway's pods change
                vertx.eventBus().publish(Addresses.DISCOVERED_PODS, DiscoveredPods.of("test",
                        next.stream().map(FakePod::pod).toList()), Addresses.local());
                JsonObject frame = read(in);
                while (!Addresses.PODS.equals(frame.getString("address"))) {
                    frame = read(in);
                }
                long generation = frame.getJsonObject("body").getLong("generation");
                write(out, new JsonObject().put("type", "send").put("address", "syncer.check").put("replyAddress", "r" + round)
                        .put("body", new JsonObject().put("token", "round-" + round).put("deadlineMs", 200)));
                JsonObject reply = read(in);
                assertEquals("r" + round, reply.getString("address"), reply.encode());
                assertTrue(reply.getJsonObject("body").getLong("generation") >= generation, "round " + round + ": the pods frame said "
                        + generation + ", the check ran on " + reply.getJsonObject("body").getLong("generation"));
                assertEquals(next.size(), reply.getJsonObject("body").getInteger("pods"), "round " + round);
            }
        }
    }

    private static void write(DataOutputStream out, JsonObject frame) throws IOException {
        byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
        out.flush();
    }

    private static JsonObject read(DataInputStream in) throws IOException {
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return new JsonObject(new String(json, StandardCharsets.UTF_8));
    }
}
