package io.syncer.registry;

import io.syncer.bus.Addresses;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Collectors;

/**
 * Owns the pod set on its own event loop. Discovery sources send it what they see; it numbers each change,
 * publishes it on {@link Addresses#PODS} and answers snapshot requests on {@link Addresses#REGISTRY_SNAPSHOT}.
 * Deploy exactly one instance.
 */
public class RegistryVerticle extends VerticleBase {

    /** Failure code of a snapshot request answered before the first pod set is known. */
    public static final int NOT_READY = 503;

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryVerticle.class);

    private final PodRegistry registry = new PodRegistry();
    private MessageConsumer<DiscoveredPods> discoveredConsumer;
    private MessageConsumer<Object> snapshotConsumer;

    @Override
    public Future<?> start() {
        discoveredConsumer = vertx.eventBus().consumer(Addresses.DISCOVERED_PODS, this::onDiscovered);
        snapshotConsumer = vertx.eventBus().consumer(Addresses.REGISTRY_SNAPSHOT, this::onSnapshotRequest);
        return Future.all(discoveredConsumer.completion(), snapshotConsumer.completion());
    }

    @Override
    public Future<?> stop() {
        return Future.all(discoveredConsumer.unregister(), snapshotConsumer.unregister());
    }

    private void onDiscovered(Message<DiscoveredPods> message) {
        DiscoveredPods discovered = message.body();
        registry.update(discovered.pods()).ifPresent(set -> {
            LOGGER.info("Pod set changed [generation: {}] [source: {}] [pods: {}]", set.generation(), discovered.source(),
                    set.pods().stream().map(Pod::name).collect(Collectors.joining(" ")));
            vertx.eventBus().publish(Addresses.PODS, set.toJson());
        });
    }

    private void onSnapshotRequest(Message<Object> message) {
        registry.current().ifPresentOrElse(
                message::reply,
                () -> message.fail(NOT_READY, "the gateway's pod set is not known yet"));
    }
}
