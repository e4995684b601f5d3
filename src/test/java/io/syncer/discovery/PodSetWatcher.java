package io.syncer.discovery;

import io.syncer.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Follows {@link Addresses#PODS} as a subscriber would, and waits for an expected pod set. */
final class PodSetWatcher {

    private final AtomicReference<JsonObject> latest = new AtomicReference<>();

    /** The meters of the scraper this watcher follows, when it was made by {@code RolloutMockTest.follow}. */
    io.syncer.metrics.SyncerMetrics meters;

    /** Informer events of {@code kind} the followed scraper has seen (deployment, replicasets, pods, endpointslices). */
    double events(String kind) {
        io.micrometer.core.instrument.Counter counter = meters.registry().find("syncer.discovery.events").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    PodSetWatcher(Vertx vertx) {
        vertx.eventBus().<JsonObject>consumer(Addresses.PODS, message -> latest.set(message.body()));
    }

    /** Waits until the latest published set has exactly these pod names (in order) and returns it; fails after 10 s. */
    JsonObject awaitNames(List<String> names) {
        return io.syncer.testing.Await.value(latest::get, set -> set != null && names(set).equals(names), 10_000);
    }

    JsonObject latest() {
        return latest.get();
    }

    static List<String> names(JsonObject set) {
        return set.getJsonArray("pods").stream().map(pod -> ((JsonObject) pod).getString("name")).toList();
    }

    /** Waits (up to 10 s) until the registry says every discovery watch is open (its status: watch holding). */
    static void awaitWatchesOpen(io.vertx.core.Vertx vertx) {
        io.syncer.testing.Await.value(() -> io.syncer.testing.Await.result(vertx.eventBus()
                .<io.vertx.core.json.JsonObject>request(io.syncer.bus.Addresses.STATUS, null)).body().getString("watch"), "holding"::equals, 10_000);
    }
}
