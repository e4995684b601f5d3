package io.syncer.testing;

import io.syncer.Syncer;
import io.syncer.config.SyncerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A host application in a JVM whose classpath lacks syncer's optional libraries (Hazelcast, the TCP bridge, the
 * OpenTelemetry SDK and exporter): embeds syncer, asks one check over the bus, then asks for the bridge. Prints what
 * happened, one line each, for EmbeddingIT.
 */
public final class EmbeddedWithoutExtras {

    private EmbeddedWithoutExtras() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        JsonObject json = new JsonObject()
                .put("http", new JsonObject().put("enabled", false))
                .put("discovery", new JsonObject().put("mode", "static").put("static", new JsonArray()
                        .add(new JsonObject().put("name", "a").put("address", "127.0.0.1:1"))
                        .add(new JsonObject().put("name", "b").put("address", "127.0.0.1:2"))))
                .put("check", new JsonObject().put("deadlineMs", 300));
        Syncer syncer = vertx.executeBlocking(() -> null).compose(v -> Syncer.deploy(vertx, SyncerConfig.fromJson(json)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        JsonObject answer = vertx.eventBus().<JsonObject>request("syncer.check", new JsonObject().put("token", "t"))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body();
        System.out.println("CHECK " + answer.getString("status"));
        syncer.undeploy().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            Syncer.deploy(vertx, SyncerConfig.fromJson(json.copy().put("bridge", new JsonObject().put("enabled", true))))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.println("BRIDGE deployed");
        } catch (Exception e) {
            System.out.println("BRIDGE " + e.getCause().getMessage());
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }
}
