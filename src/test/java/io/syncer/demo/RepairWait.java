package io.syncer.demo;

import io.syncer.Syncer;
import io.syncer.config.SyncerConfig;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.metrics.Telemetry;
import io.syncer.testing.FakePod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The login wait with and without read repair ({@code scripts/repair-wait.sh}): simulated NGINX Plus replicas whose
 * zone_sync brings each token to each other replica 1 to {@code --max-lag} ms after it was issued (the same lags, from
 * one seed, in both passes); {@code --tokens} logins, {@code --concurrency} at a time, each asked as a gateway would
 * (X-Origin, deadline 3 s), once with {@code repair=false} and once with read repair. Prints p50, p99 and max of the
 * time to {@code Synced} for each pass; a login that is not Synced is counted and fails the run.
 */
public final class RepairWait {

    public static void main(String[] args) throws Exception {
        int podCount = intArg(args, "--pods", 3);
        int tokens = intArg(args, "--tokens", 200);
        int concurrency = intArg(args, "--concurrency", 10);
        int maxLagMs = intArg(args, "--max-lag", 1200);
        int afterMs = intArg(args, "--after", 50);
        Vertx vertx = Vertx.vertx();
        List<FakePod> pods = new ArrayList<>();
        for (int i = 0; i < podCount; i++) {
            pods.add(FakePod.start(vertx, "gw-" + i).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        JsonArray staticPods = new JsonArray();
        pods.forEach(pod -> staticPods.add(new JsonObject().put("name", pod.name()).put("address", pod.pod().address())));
        SyncerConfig config = SyncerConfig.fromJson(new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("discovery", new JsonObject().put("mode", "static").put("static", staticPods))
                .put("check", new JsonObject().put("maxDeadlineMs", 10_000).put("attempts", 1_000).put("retryDelayMs", 50)
                        .put("probe", "keyval").put("keyval", new JsonObject().put("zone", "tokens")
                                .put("repair", new JsonObject().put("enabled", true).put("afterMs", afterMs)))));
        Syncer syncer = Syncer.deploy(vertx, config, () -> {
            throw new IllegalStateException("static discovery");
        }, Telemetry.of(SyncerMetrics.newRegistry())).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        WebClient client = WebClient.create(vertx);
        System.out.printf("%d replicas, zone_sync lag 1-%d ms per replica, %d logins, %d at a time, repair afterMs %d%n",
                podCount, maxLagMs, tokens, concurrency, afterMs);
        System.out.printf("%-16s %8s %8s %8s %10s%n", "pass", "p50 ms", "p99 ms", "max ms", "not Synced");
        boolean failed = false;
        for (boolean repair : new boolean[] {false, true}) {
            Random lags = new Random(42);
            List<Long> waits = Collections.synchronizedList(new ArrayList<>());
            int[] notSynced = {0};
            for (int start = 0; start < tokens; start += concurrency) {
                List<Future<Void>> batch = new ArrayList<>();
                for (int i = start; i < Math.min(tokens, start + concurrency); i++) {
                    String token = "login-" + repair + "-" + i;
                    FakePod origin = pods.get(lags.nextInt(podCount));
                    String value = "session-" + i;
                    for (FakePod pod : pods) {
                        int lag = 1 + lags.nextInt(maxLagMs);
                        if (pod == origin) {
                            pod.learn(token, value);
                        } else {
                            vertx.setTimer(lag, id -> pod.learn(token, value));
                        }
                    }
                    batch.add(client.get(syncer.httpPort(), "127.0.0.1", "/v1/synced?deadlineMs=3000&repair=" + repair)
                            .putHeader("X-Auth-Token", token).putHeader("X-Origin", origin.name()).send().map(answer -> {
                                JsonObject body = answer.bodyAsJsonObject();
                                if ("Synced".equals(body.getString("status"))) {
                                    waits.add(body.getLong("elapsedMs"));
                                } else {
                                    synchronized (notSynced) {
                                        notSynced[0]++;
                                    }
                                }
                                return null;
                            }));
                }
                Future.all(batch).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            List<Long> sorted = new ArrayList<>(waits);
            Collections.sort(sorted);
            System.out.printf("%-16s %8d %8d %8d %10d%n", repair ? "with repair" : "without repair", quantile(sorted, 0.50),
                    quantile(sorted, 0.99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1), notSynced[0]);
            failed |= notSynced[0] > 0;
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(failed ? 1 : 0);
    }

    /** Nearest-rank quantile of a sorted list, -1 when empty. */
    private static long quantile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static int intArg(String[] args, String name, int defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return defaultValue;
    }
}
