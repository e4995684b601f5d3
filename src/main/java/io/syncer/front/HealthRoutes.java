package io.syncer.front;

import io.syncer.bus.Addresses;
import io.syncer.cluster.ClusterStatus;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code /health/live}: the registry's event loop answers within a second (a blocked loop fails it).
 * {@code /health/ready}: the registry says a pod set is known, discovery's watches hold (or broke less than the grace
 * period ago) and syncer is not shutting down; on a clustered event bus also that this member has joined the cluster. Both answer vertx-health-check JSON, 200 when UP, 503 when DOWN.
 */
final class HealthRoutes {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    private static final DeliveryOptions STATUS_REQUEST = Addresses.local().setSendTimeout(1_000);

    private HealthRoutes() {
    }

    /** {@code zoneSync}: with check.zoneSync.enabled, its latest poll shows in the readiness data (it never makes syncer unready). */
    static void mount(Vertx vertx, Router router, java.util.List<String> warnings, io.syncer.zonesync.ZoneSyncHealth zoneSync) {
        HealthChecks live = HealthChecks.create(vertx).register("event-loops", 2_000, promise ->
                vertx.eventBus().<JsonObject>request(Addresses.STATUS, null, STATUS_REQUEST).onComplete(reply ->
                        promise.complete(reply.succeeded() ? Status.OK() : Status.KO(new JsonObject().put("error", reply.cause().getMessage())))));
        HealthChecks ready = HealthChecks.create(vertx).register("pod-set", 2_000, promise ->
                vertx.eventBus().<JsonObject>request(Addresses.STATUS, null, STATUS_REQUEST).onComplete(reply -> {
                    if (reply.failed()) {
                        promise.complete(Status.KO(new JsonObject().put("error", reply.cause().getMessage())));
                    } else {
                        JsonObject status = reply.result().body();
                        promise.complete(status.getBoolean("ready") ? Status.OK(status) : Status.KO(status));
                    }
                }));
        if (!warnings.isEmpty()) {
            ready.register("security", promise -> promise.complete(Status.OK(new JsonObject().put("warnings", new io.vertx.core.json.JsonArray(warnings)))));
        }
        if (zoneSync != null) {
            ready.register("zone-sync", promise -> promise.complete(Status.OK(zoneSync.latest().toJson())));
        }
        ClusterStatus cluster = ClusterStatus.of(vertx);
        if (cluster != null) {
            ready.register("cluster", promise -> promise.complete(cluster.joined() ? Status.OK(cluster.toJson()) : Status.KO(cluster.toJson())));
        }
        router.get(LIVE).handler(HealthCheckHandler.createWithHealthChecks(live));
        router.get(READY).handler(HealthCheckHandler.createWithHealthChecks(ready));
    }
}
