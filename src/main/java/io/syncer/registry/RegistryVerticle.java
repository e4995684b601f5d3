package io.syncer.registry;

import io.syncer.bus.Addresses;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Pod;
import io.syncer.model.RegistryView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Owns the pod set, the discovery state and the service status on its own event loop. Discovery sources send it what
 * they see; it numbers each change of the pods, publishes it on {@link Addresses#PODS}, logs each change of the
 * discovery state once (WARN while discovery does not know, INFO when it settles) and answers snapshot and status
 * requests: a snapshot only when the set is usable ({@link PodRegistry#usable()}), else a 503 naming why.
 * Deploy exactly one instance.
 */
public class RegistryVerticle extends VerticleBase {

    /** Failure code of a snapshot request that no usable pod set can answer. */
    public static final int NOT_READY = 503;

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryVerticle.class);

    private final PodRegistry registry = new PodRegistry(System.currentTimeMillis());
    private final ServiceStatus status;
    private final SyncerMetrics metrics;
    private List<MessageConsumer<?>> consumers;

    public RegistryVerticle(SyncerMetrics metrics, long watchGraceMs) {
        this.metrics = metrics;
        this.status = new ServiceStatus(watchGraceMs);
    }

    @Override
    public Future<?> start() {
        metrics.discoveryState(registry.state());
        consumers = List.of(
                vertx.eventBus().<DiscoveredPods>localConsumer(Addresses.DISCOVERED_PODS, this::onDiscovered),
                vertx.eventBus().localConsumer(Addresses.REGISTRY_SNAPSHOT, this::onSnapshotRequest),
                vertx.eventBus().localConsumer(Addresses.STATUS, message -> message.reply(statusJson())),
                vertx.eventBus().localConsumer(Addresses.DRAIN, message -> {
                    status.drain();
                    vertx.eventBus().publish(Addresses.DRAINING, null, Addresses.local());
                    message.reply(statusJson());
                }),
                vertx.eventBus().<JsonObject>localConsumer(Addresses.DISCOVERY_STATUS,
                        message -> status.watching(message.body().getBoolean("watching", false), System.currentTimeMillis())));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    private JsonObject statusJson() {
        long now = System.currentTimeMillis();
        return status.toJson(registry.usable().orElse(null), now).put("discovery", registry.toJson(now));
    }

    private void onDiscovered(Message<DiscoveredPods> message) {
        DiscoveredPods discovered = message.body();
        DiscoveryState before = registry.state();
        String reasonBefore = registry.reason();
        RegistryView viewBefore = view();
        registry.accept(discovered, System.currentTimeMillis()).ifPresent(set -> {
            LOGGER.info("Pod set changed [generation: {}] [source: {}] [pods: {}]", set.generation(), discovered.source(),
                    set.pods().stream().map(Pod::name).collect(Collectors.joining(" ")));
            metrics.podSetChanged(set.size());
            vertx.eventBus().publish(Addresses.PODS, set.toJson());
        });
        RegistryView viewAfter = view();
        if (!viewAfter.equals(viewBefore)) {
            vertx.eventBus().publish(Addresses.REGISTRY_VIEW, viewAfter, Addresses.local());
        }
        if (registry.state() != before || !Objects.equals(registry.reason(), reasonBefore)) {
            metrics.discoveryState(registry.state());
            if (registry.state() == DiscoveryState.SETTLED) {
                LOGGER.info("Discovery settled [source: {}] [was: {}]", discovered.source(), before.wireName());
            } else {
                LOGGER.warn("Discovery {} [source: {}] [answer: {}]: {}", registry.state().wireName(), discovered.source(),
                        registry.usable().isPresent() ? "checks run on the held pod set" : "checks are refused with 503",
                        registry.reason());
            }
        }
    }

    /** What a snapshot request would be answered with now. */
    private RegistryView view() {
        return new RegistryView(registry.usable().orElse(null), registry.usable().isPresent() ? null : registry.refusal());
    }

    private void onSnapshotRequest(Message<Object> message) {
        registry.usable().ifPresentOrElse(message::reply, () -> message.fail(NOT_READY, registry.refusal()));
    }
}
