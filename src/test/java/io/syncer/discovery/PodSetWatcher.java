package io.syncer.discovery;

import io.syncer.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Follows {@link Addresses#PODS} as a subscriber would, and waits for an expected pod set. */
final class PodSetWatcher {

    private final AtomicReference<JsonObject> latest = new AtomicReference<>();

    PodSetWatcher(Vertx vertx) {
        vertx.eventBus().<JsonObject>consumer(Addresses.PODS, message -> latest.set(message.body()));
    }

    /** Waits until the latest published set has exactly these pod names (in order) and returns it; fails after 10 s. */
    JsonObject awaitNames(List<String> names) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            JsonObject set = latest.get();
            if (set != null && names(set).equals(names)) {
                return set;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("pod set never became " + names + "; last seen " + latest.get());
    }

    JsonObject latest() {
        return latest.get();
    }

    static List<String> names(JsonObject set) {
        return set.getJsonArray("pods").stream().map(pod -> ((JsonObject) pod).getString("name")).toList();
    }

    /** Waits (up to 10 s) until the registry says every discovery watch is open (its status: watch holding). */
    static void awaitWatchesOpen(io.vertx.core.Vertx vertx) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        String watch = null;
        while (System.currentTimeMillis() < end) {
            watch = io.syncer.testing.Await.result(vertx.eventBus().<io.vertx.core.json.JsonObject>request(io.syncer.bus.Addresses.STATUS, null))
                    .body().getString("watch");
            if ("holding".equals(watch)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the informers never started watching: " + watch);
    }
}
