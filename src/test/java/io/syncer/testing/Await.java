package io.syncer.testing;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting from a test thread: for a future's result, or for a condition to hold. */
public final class Await {

    private Await() {
    }

    /** The future's result, or its failure as an ExecutionException, within 20 s. */
    public static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} until it holds or {@code maxMs} pass; returns whether it held. */
    public static boolean until(BooleanSupplier condition, long maxMs) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
