package io.syncer.zonesync;

import io.syncer.bus.Addresses;
import io.syncer.config.CheckConfig;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import io.syncer.model.RegistryView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.syncer.pods.PodClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Polls each pod's NGINX Plus zone_sync status ({@code GET /api/{v}/stream/zone_sync}) every
 * {@code check.zoneSync.intervalMs}, in the background and on its own event loop and HTTP client, never on a check's
 * path. A pod whose {@code status.nodes_online} is below (pods - 1) is isolated. A pod that does not answer, or answers
 * something else, is not called isolated (unknown is not evidence). Follows the registry's published view.
 */
public final class ZoneSyncVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(ZoneSyncVerticle.class);

    private final CheckConfig config;
    private final ZoneSyncHealth health;
    private PodClient client;
    private volatile List<Pod> pods = List.of();
    private long timer;
    private Set<String> lastIsolated = Set.of();

    public ZoneSyncVerticle(CheckConfig config, ZoneSyncHealth health) {
        this.config = config;
        this.health = health;
    }

    @Override
    public Future<?> start() {
        int timeoutMs = Math.min(config.zoneSync().intervalMs(), 2_000);
        // the same client as the probes': the pods' CA, syncer's client certificate (mutual-TLS pods), the body bound
        client = PodClient.create(vertx, config.pod(), timeoutMs, new PoolOptions());
        vertx.eventBus().<RegistryView>localConsumer(Addresses.REGISTRY_VIEW, message -> follow(message.body().usable()));
        vertx.eventBus().<PodSet>request(Addresses.REGISTRY_SNAPSHOT, null, Addresses.local().setSendTimeout(1_000))
                .onSuccess(reply -> follow(reply.body()));
        timer = vertx.setPeriodic(0, config.zoneSync().intervalMs(), id -> pollAll(timeoutMs));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        health.update(ZoneSyncStatus.NONE);
        return client.close();
    }

    private void follow(PodSet set) {
        if (set != null) {
            pods = set.pods();
        }
    }

    private void pollAll(int timeoutMs) {
        List<Pod> round = pods;
        if (round.isEmpty()) {
            return;
        }
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (Pod pod : round) {
            answers.add(poll(pod, timeoutMs));
        }
        Future.join(answers).onComplete(done -> {
            Set<String> isolated = new HashSet<>();
            int polled = 0;
            long maxPending = 0;
            for (int i = 0; i < round.size(); i++) {
                JsonObject status = answers.get(i).result();
                if (status == null) {
                    continue;
                }
                polled++;
                Integer online = status.getJsonObject("status", new JsonObject()).getInteger("nodes_online");
                if (online != null && online < round.size() - 1) {
                    isolated.add(round.get(i).name());
                }
                JsonObject zones = status.getJsonObject("zones", new JsonObject());
                for (String zone : zones.fieldNames()) {
                    Object pending = zones.getJsonObject(zone, new JsonObject()).getValue("records_pending");
                    if (pending instanceof Number number) {
                        maxPending = Math.max(maxPending, number.longValue());
                    }
                }
            }
            if (!isolated.equals(lastIsolated)) {
                LOGGER.warn("zone_sync: {} of {} pods isolated {}", isolated.size(), round.size(), isolated.stream().sorted().toList());
                lastIsolated = isolated;
            }
            health.update(new ZoneSyncStatus(true, isolated, polled, maxPending));
        });
    }

    private Future<JsonObject> poll(Pod pod, int timeoutMs) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(pod.host()).setPort(pod.port())
                .setSsl(config.pod().ssl()).setURI("/api/" + config.zoneSync().apiVersion() + "/stream/zone_sync")
                .setTimeout(timeoutMs);
        return client.client().request(request)
                .compose(sent -> sent.send())
                .compose(response -> response.statusCode() == 200 ? client.body(response) : Future.failedFuture("HTTP " + response.statusCode()))
                .map(Buffer::toJsonObject)
                .onFailure(error -> LOGGER.debug("zone_sync status of {} not read: {}", pod.name(), error.getClass().getSimpleName()
                        + (error.getMessage() != null && error.getMessage().startsWith("too_large") ? ": too_large" : "")));
    }
}
