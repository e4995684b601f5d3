package io.syncer.bus;

import io.syncer.config.SyncerConfig;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.PodSet;
import io.vertx.core.eventbus.EventBus;

/** Registers the local codecs of the records syncer passes between its own verticles. */
public final class Codecs {

    private Codecs() {
    }

    /** Idempotent: a second deployment on the same Vertx finds the codecs already there. */
    public static void register(EventBus eventBus) {
        registerOnce(eventBus, PodSet.class);
        registerOnce(eventBus, DiscoveredPods.class);
        registerOnce(eventBus, SyncerConfig.class);
    }

    private static <T> void registerOnce(EventBus eventBus, Class<T> type) {
        try {
            eventBus.registerDefaultCodec(type, new LocalCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // another deployment in this Vertx registered it first
        }
    }
}
