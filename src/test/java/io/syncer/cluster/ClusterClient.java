package io.syncer.cluster;

import io.syncer.bus.Addresses;
import io.syncer.config.ClusterConfig;
import io.syncer.config.SyncerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another Vert.x application on the cluster, run as its own JVM by {@link ClusterProcessIT}: joins, prints READY,
 * sends {@code syncer.check} requests at a steady rate for a while, then prints one line {@code RESULT {json}} with
 * how many were sent and answered, and when each failed one was sent (epoch ms) and why.
 *
 * <p>Arguments: hazelcastPort, members (comma-separated host:port), requests per second, seconds, token.
 */
public final class ClusterClient {

    private ClusterClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> members = List.of(args[1].split(","));
        int perSecond = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String token = args[4];
        ClusterConfig cluster = SyncerConfig.fromJson(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", new JsonArray().add(new JsonObject().put("address", "127.0.0.1:1"))))
                .put("cluster", new JsonObject().put("enabled", true).put("name", "process-test").put("port", port).put("eventBusPort", 0)
                        .put("members", new JsonArray(members)))).cluster();
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventBusOptions(HazelcastClusters.eventBus(cluster)))
                .withClusterManager(HazelcastClusters.manager(cluster)).buildClustered()
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("READY");
        System.out.flush();

        int total = perSecond * seconds;
        AtomicInteger ok = new AtomicInteger();
        JsonArray failed = new JsonArray();
        CountDownLatch answered = new CountDownLatch(total);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(2_000);
        AtomicInteger sent = new AtomicInteger();
        vertx.setPeriodic(1000 / perSecond, id -> {
            if (sent.incrementAndGet() > total) {
                vertx.cancelTimer(id);
                return;
            }
            long at = System.currentTimeMillis();
            vertx.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", token).put("deadlineMs", 500), options)
                    .onComplete(reply -> {
                        if (reply.succeeded() && "Synced".equals(reply.result().body().getString("status"))) {
                            ok.incrementAndGet();
                        } else {
                            String why = reply.failed() ? (reply.cause() instanceof ReplyException e ? e.failureType().name() : reply.cause().toString())
                                    : reply.result().body().encode();
                            synchronized (failed) {
                                failed.add(new JsonObject().put("sentAt", at).put("why", why));
                            }
                        }
                        answered.countDown();
                    });
        });
        answered.await();
        synchronized (failed) {
            System.out.println("RESULT " + new JsonObject().put("sent", total).put("ok", ok.get()).put("failed", failed).encode());
        }
        System.out.flush();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        System.exit(0);
    }
}
