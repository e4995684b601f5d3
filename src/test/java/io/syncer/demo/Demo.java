package io.syncer.demo;

import io.syncer.metrics.SyncerMetrics;
import io.syncer.Syncer;
import io.syncer.config.EnvOverrides;
import io.syncer.config.SyncerConfig;
import io.syncer.testing.FakePod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The README's first command: syncer in front of simulated NGINX Plus replicas on loopback whose zone_sync lags.
 * A token issued on one replica reaches each other one after a random delay; the demo issues tokens, asks syncer
 * about them as a gateway would (the keyval probe, through the replicas' NGINX Plus API), and prints what it answers:
 * each round also shows two tokens with the same lags, one waited for as zone_sync spreads it, one with read repair
 * (syncer writes it to the replicas still behind). Not part of the production jar's main path.
 *
 * <p>Arguments: {@code [--pods N] [--port P] [--rounds R]}; R = 0 (the default) runs until Ctrl-C.
 */
public final class Demo {

    private static final int MAX_LAG_MS = 1200;

    private final Vertx vertx;
    private final List<FakePod> pods;
    private final WebClient client;
    private final int port;

    private Demo(Vertx vertx, List<FakePod> pods, int port) {
        this.vertx = vertx;
        this.pods = pods;
        this.port = port;
        this.client = WebClient.create(vertx);
    }

    public static void main(String[] args) throws Exception {
        int podCount = intArg(args, "--pods", 3);
        int port = intArg(args, "--port", 8080);
        int rounds = intArg(args, "--rounds", 0);
        Vertx vertx = Vertx.vertx();
        Demo demo = start(vertx, podCount, port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        for (int round = 1; rounds == 0 || round <= rounds; round++) {
            // a pause between rounds, so that a person can read each one
            demo.round().compose(v -> vertx.timer(1_500)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Starts the simulated replicas and syncer (static discovery) on {@code port}. */
    public static Future<Demo> start(Vertx vertx, int podCount, int port) {
        List<Future<FakePod>> started = new ArrayList<>();
        for (int i = 0; i < podCount; i++) {
            started.add(FakePod.start(vertx, "apigw-demo-" + i));
        }
        return Future.all(started).compose(all -> {
            List<FakePod> pods = all.list();
            JsonArray staticPods = new JsonArray();
            pods.forEach(pod -> staticPods.add(new JsonObject().put("name", pod.name()).put("address", pod.pod().address())));
            JsonObject config = new JsonObject()
                    .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
                    .put("discovery", new JsonObject().put("mode", "static").put("static", staticPods))
                    .put("check", new JsonObject().put("deadlineMs", 1000).put("attempts", 4).put("retryDelayMs", 150)
                            .put("probe", "keyval").put("keyval", new JsonObject().put("zone", "tokens")
                                    .put("repair", new JsonObject().put("enabled", true).put("afterMs", 50))));
            SyncerConfig syncerConfig = SyncerConfig.fromJson(EnvOverrides.apply(config, System.getenv()));
            return Syncer.deploy(vertx, syncerConfig, () -> {
                throw new IllegalStateException("the demo uses static discovery");
            }, io.syncer.metrics.Telemetry.of(SyncerMetrics.newRegistry())).map(syncer -> {
                System.out.printf("%nsyncer is listening on http://127.0.0.1:%d with %d simulated gateway replicas:%n", syncer.httpPort(), pods.size());
                pods.forEach(pod -> System.out.printf("  %s at %s%n", pod.name(), pod.pod().address()));
                System.out.printf("Each token reaches the other replicas 0-%d ms after it is issued.%n", MAX_LAG_MS);
                System.out.printf("Live status page: http://127.0.0.1:%d/   (data: /v1/status, propagation: /v1/propagation)%n%n", syncer.httpPort());
                return new Demo(vertx, pods, syncer.httpPort());
            });
        });
    }

    /** Issues one token on a random replica, then asks syncer about it three times as it spreads. */
    public Future<List<String>> round() {
        String token = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        FakePod origin = pods.get(ThreadLocalRandom.current().nextInt(pods.size()));
        issue(token, origin);
        System.out.printf("issued %s on %s%n", token, origin.name());
        List<String> verdicts = new ArrayList<>();
        return ask(token, null, false, "right away", verdicts)
                .compose(v -> ask(token, origin.name(), false, "right away, origin", verdicts))
                .compose(v -> vertx.timer(MAX_LAG_MS + 200).mapEmpty())
                .compose(v -> ask(token, null, false, "after " + (MAX_LAG_MS + 200) + " ms", verdicts))
                .compose(v -> withAndWithoutRepair(origin, verdicts))
                .map(v -> {
                    System.out.printf("  try it: curl -s -H 'X-Auth-Token: %s' 'http://127.0.0.1:%d/v1/synced?detail=true'%n%n", token, port);
                    return verdicts;
                });
    }

    /** Zone sync with lag: the origin knows the token now, every other replica after its own random delay. */
    private void issue(String token, FakePod origin) {
        issue(List.of(token), origin, pods.stream().map(pod -> 1 + ThreadLocalRandom.current().nextInt(MAX_LAG_MS)).toList());
    }

    /** Each token on {@code origin} now, on the i-th other replica after {@code lagsMs.get(i)}. */
    private void issue(List<String> tokens, FakePod origin, List<Integer> lagsMs) {
        for (int i = 0; i < pods.size(); i++) {
            FakePod pod = pods.get(i);
            for (String token : tokens) {
                if (pod == origin) {
                    pod.learn(token);
                } else {
                    vertx.setTimer(lagsMs.get(i), id -> pod.learn(token));
                }
            }
        }
    }

    /**
     * Two tokens issued on {@code origin} with the same lags: the gateway waits for the first as zone_sync spreads it,
     * and for the second with read repair (syncer writes it to the replicas still behind 50 ms after the check began).
     */
    private Future<Void> withAndWithoutRepair(FakePod origin, List<String> verdicts) {
        String waited = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        String repaired = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> lags = pods.stream().map(pod -> 1 + ThreadLocalRandom.current().nextInt(MAX_LAG_MS)).toList();
        issue(List.of(waited, repaired), origin, lags);
        List<String> lagged = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            if (pods.get(i) != origin) {
                lagged.add(pods.get(i).name() + " " + lags.get(i) + " ms");
            }
        }
        System.out.printf("  two tokens issued on %s, reaching %s:%n", origin.name(), String.join(", ", lagged));
        List<String> without = new ArrayList<>();
        List<String> with = new ArrayList<>();
        return Future.all(ask(waited, origin.name(), false, "  without repair", without),
                ask(repaired, origin.name(), true, "  with read repair", with)).map(v -> {
                    verdicts.addAll(without);
                    verdicts.addAll(with);
                    return null;
                });
    }

    /** Asks about {@code token} as a gateway would: with its origin replica (or null), read repair allowed or not. */
    private Future<Void> ask(String token, String origin, boolean repair, String label, List<String> verdicts) {
        var request = client.get(port, "127.0.0.1", "/v1/synced?detail=true&repair=" + repair).putHeader("X-Auth-Token", token);
        if (origin != null) {
            request.putHeader("X-Origin", origin);
        }
        return request.send().map(response -> {
            JsonObject body = response.bodyAsJsonObject();
            verdicts.add(body.getString("status"));
            long repairedPods = body.getJsonArray("results").stream()
                    .filter(result -> ((JsonObject) result).getBoolean("repaired", false)).count();
            System.out.printf("  %-20s -> %-9s (%d/%d replicas, %d ms%s)%n", label, body.getString("status"),
                    body.getInteger("synced"), body.getInteger("pods"), body.getLong("elapsedMs"),
                    repairedPods == 0 ? "" : ", " + repairedPods + " written by syncer");
            return null;
        });
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
