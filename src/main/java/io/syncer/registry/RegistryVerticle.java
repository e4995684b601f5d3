package io.syncer.registry;

import io.syncer.bus.Addresses;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Owns the pod set and the service status on its own event loop. Discovery sources send it what they see; it
 * numbers each change, publishes it on {@link Addresses#PODS} and answers snapshot and status requests.
 * Deploy exactly one instance.
 */
public class RegistryVerticle extends VerticleBase {

    /** Failure code of a snapshot request answered before the first pod set is known. */
    public static final int NOT_READY = 503;

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryVerticle.class);

    private final PodRegistry registry = new PodRegistry();
    private final ServiceStatus status;
    private final SyncerMetrics metrics;
    private List<MessageConsumer<?>> consumers;

    public RegistryVerticle(SyncerMetrics metrics, long watchGraceMs) {
        this.metrics = metrics;
        this.status = new ServiceStatus(watchGraceMs);
    }

    @Override
    public Future<?> start() {
        consumers = List.of(
                vertx.eventBus().<DiscoveredPods>consumer(Addresses.DISCOVERED_PODS, this::onDiscovered),
                vertx.eventBus().consumer(Addresses.REGISTRY_SNAPSHOT, this::onSnapshotRequest),
                vertx.eventBus().consumer(Addresses.STATUS, message -> message.reply(statusJson())),
                vertx.eventBus().consumer(Addresses.DRAIN, message -> {
                    status.drain();
                    message.reply(statusJson());
                }),
                vertx.eventBus().<JsonObject>consumer(Addresses.DISCOVERY_STATUS,
                        message -> status.watching(message.body().getBoolean("watching", false), System.currentTimeMillis())));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    private JsonObject statusJson() {
        return status.toJson(registry.current().orElse(null), System.currentTimeMillis());
    }

    private void onDiscovered(Message<DiscoveredPods> message) {
        DiscoveredPods discovered = message.body();
        registry.update(discovered.pods()).ifPresent(set -> {
            LOGGER.info("Pod set changed [generation: {}] [source: {}] [pods: {}]", set.generation(), discovered.source(),
                    set.pods().stream().map(Pod::name).collect(Collectors.joining(" ")));
            metrics.podSetChanged(set.size());
            vertx.eventBus().publish(Addresses.PODS, set.toJson());
        });
    }

    private void onSnapshotRequest(Message<Object> message) {
        registry.current().ifPresentOrElse(
                message::reply,
                () -> message.fail(NOT_READY, "the gateway's pod set is not known yet"));
    }
}
