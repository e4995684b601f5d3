package io.syncer.front;

import io.syncer.bus.Addresses;
import io.syncer.metrics.Telemetry;
import io.syncer.zonesync.ZoneSyncHealth;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import io.syncer.model.RegistryView;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The live status page: {@code GET /} (one HTML file, no external assets, no framework: it polls the JSON below every
 * 2 s and redraws) and {@code GET /v1/status}, the JSON the page and the tests share: discovery's state and reason,
 * the pod set with its generation and each pod's recent outcomes, checks per verdict over the last minutes, latency
 * quantiles, propagation and zone_sync. No token is ever part of it.
 */
final class StatusRoutes {

    static final String PAGE = "/";
    static final String STATUS = "/v1/status";

    private StatusRoutes() {
    }

    static void mount(Vertx vertx, Router router, Buffer page, CheckService service, Telemetry telemetry,
                      ZoneSyncHealth zoneSync) {
        router.get(PAGE).handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
                .end(page));
        router.get(STATUS).handler(ctx -> vertx.eventBus().<JsonObject>request(Addresses.STATUS, null, Addresses.local().setSendTimeout(1_000))
                .onComplete(reply -> {
                    JsonObject registry = reply.succeeded() ? reply.result().body() : new JsonObject().put("error", reply.cause().getMessage());
                    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(status(registry, service.view(), telemetry, zoneSync).toBuffer());
                }));
    }

    static JsonObject status(JsonObject registry, RegistryView view, Telemetry telemetry, ZoneSyncHealth zoneSync) {
        JsonObject outcomes = telemetry.board().podOutcomes();
        JsonObject errors = telemetry.board().podErrors();
        JsonArray pods = new JsonArray();
        PodSet usable = view == null ? null : view.usable();
        if (usable != null) {
            for (Pod pod : usable.pods()) {
                JsonObject json = new JsonObject().put("name", pod.name()).put("address", pod.address())
                        .put("recent", outcomes.getJsonArray(pod.name(), new JsonArray()));
                if (errors.getString(pod.name()) != null) {
                    json.put("lastError", errors.getString(pod.name()));
                }
                pods.add(json);
            }
        }
        return new JsonObject()
                .put("ready", registry.getBoolean("ready", false))
                .put("draining", registry.getBoolean("draining", false))
                .put("discovery", registry.getJsonObject("discovery", new JsonObject()))
                .put("refusal", view == null ? "the pod set is not known yet" : view.refusal())
                .put("generation", usable == null ? null : usable.generation())
                .put("pods", pods)
                .put("verdictsPerMinute", telemetry.board().verdictsPerMinute())
                .put("latency", telemetry.board().latency())
                .put("propagation", telemetry.propagation().summary())
                .put("repairs", telemetry.board().repairs())
                .put("zoneSync", zoneSync.latest().toJson());
    }
}
