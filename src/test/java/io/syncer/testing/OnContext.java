package io.syncer.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/** Runs asynchronous work on one Vert.x context, as a verticle would, from a test thread. */
public final class OnContext {

    private OnContext() {
    }

    public static <T> Future<T> run(Context context, Supplier<Future<T>> work) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(promise));
        return promise.future();
    }
}
