package io.syncer.bus;

import io.vertx.core.eventbus.EventBus;

/** Registers the local codecs of the records syncer passes between its own verticles. */
public final class Codecs {

    private Codecs() {
    }

    /** Idempotent: a second deployment on the same Vertx finds the codecs already there. */
    public static void register(EventBus eventBus, Class<?>... types) {
        for (Class<?> type : types) {
            registerOnce(eventBus, type);
        }
    }

    private static <T> void registerOnce(EventBus eventBus, Class<T> type) {
        try {
            eventBus.registerDefaultCodec(type, new LocalCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // another deployment in this Vertx registered it first
        }
    }
}
