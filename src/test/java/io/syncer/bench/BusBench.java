package io.syncer.bench;

import io.syncer.bus.Addresses;
import io.syncer.cluster.HazelcastClusters;
import io.syncer.config.ClusterConfig;
import io.syncer.config.SyncerConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for {@code scripts/bench.sh}: {@code syncer.check} with a new token per request, from a client member over the
 * cluster ({@code cluster HAZELCAST_PORT MEMBER}) or through the TCP bridge ({@code bridge PORT}), with a number of
 * requests in flight for a number of seconds. Prints one line: checks/s, p50, p99, errors. Bounded in time.
 */
public final class BusBench {

    private static final int MAX_SAMPLES = 5_000_000;

    private BusBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int concurrency = Integer.parseInt(args[args.length - 2]);
        int seconds = Integer.parseInt(args[args.length - 1]);
        Vertx vertx = mode.equals("cluster") ? clustered(Integer.parseInt(args[1]), args[2])
                : Vertx.vertx(new VertxOptions().setWorkerPoolSize(concurrency + 4));
        long[] latencies = new long[MAX_SAMPLES];
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Promise<Void> finished = Promise.promise();
        AtomicLong open = new AtomicLong(concurrency);
        Runnable onLoopEnd = () -> {
            if (open.decrementAndGet() == 0) {
                finished.complete();
            }
        };
        long start = System.nanoTime();
        vertx.setTimer(seconds * 1000L, id -> running.set(false));
        for (int i = 0; i < concurrency; i++) {
            int loop = i;
            Checker checker = mode.equals("cluster") ? clusterChecker(vertx) : bridgeChecker(vertx, Integer.parseInt(args[1]));
            vertx.runOnContext(v -> next(checker, loop, 0, running, latencies, done, errors, onLoopEnd));
        }
        finished.future().toCompletionStage().toCompletableFuture().get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int samples = (int) Math.min(done.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        System.out.printf("%.0f %.2fms %.2fms %d%n", done.get() / elapsed, sorted[samples / 2] / 1e6, sorted[(int) (samples * 0.99)] / 1e6,
                errors.get());
        vertx.close().toCompletionStage().toCompletableFuture().get();
        System.exit(0);
    }

    /** Asks one check and says whether the answer was Synced. */
    private interface Checker {
        Future<Boolean> check(String token);
    }

    private static void next(Checker checker, int loop, long n, AtomicBoolean running, long[] latencies, AtomicLong done,
                             AtomicLong errors, Runnable onLoopEnd) {
        if (!running.get()) {
            onLoopEnd.run();
            return;
        }
        long sent = System.nanoTime();
        checker.check("bench-bus-" + loop + "-" + n).onComplete(answer -> {
            long index = done.getAndIncrement();
            if (index < MAX_SAMPLES) {
                latencies[(int) index] = System.nanoTime() - sent;
            }
            if (answer.failed() || !answer.result()) {
                errors.incrementAndGet();
            }
            next(checker, loop, n + 1, running, latencies, done, errors, onLoopEnd);
        });
    }

    private static Checker clusterChecker(Vertx vertx) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(5_000);
        return token -> vertx.eventBus().<JsonObject>request(Addresses.CHECK, new JsonObject().put("token", token), options)
                .map(reply -> "Synced".equals(reply.body().getString("status")));
    }

    /** One blocking socket per caller, as a client in another language would use the bridge; one request at a time. */
    private static Checker bridgeChecker(Vertx vertx, int port) {
        java.net.Socket socket;
        java.io.DataInputStream in;
        java.io.DataOutputStream out;
        try {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return token -> vertx.executeBlocking(() -> {
            byte[] json = new JsonObject().put("type", "send").put("address", Addresses.CHECK).put("replyAddress", "r")
                    .put("body", new JsonObject().put("token", token)).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            out.flush();
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            JsonObject frame = new JsonObject(Buffer.buffer(reply));
            return "message".equals(frame.getString("type")) && "Synced".equals(frame.getJsonObject("body").getString("status"));
        }, false);
    }

    private static Vertx clustered(int port, String member) throws Exception {
        ClusterConfig cluster = SyncerConfig.fromJson(new JsonObject()
                .put("discovery", new JsonObject().put("mode", "static").put("static", new JsonArray().add(new JsonObject().put("address", "127.0.0.1:1"))))
                .put("cluster", new JsonObject().put("enabled", true).put("name", "bench").put("port", port).put("eventBusPort", 0)
                        .put("members", new JsonArray().add(member)))).cluster();
        return Vertx.builder().with(new VertxOptions().setEventBusOptions(HazelcastClusters.eventBus(cluster)))
                .withClusterManager(HazelcastClusters.manager(cluster)).buildClustered()
                .toCompletionStage().toCompletableFuture().get();
    }
}
