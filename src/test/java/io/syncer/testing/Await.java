package io.syncer.testing;

import io.vertx.core.Future;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waiting from a test thread for a positive signal (Awaitility underneath): a future's result, a condition that comes to
 * hold, a value that comes to match, or a condition that keeps holding for a while (where the passing of time is what
 * is under test).
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(10);

    private Await() {
    }

    /** The future's result, or its failure as an ExecutionException, within 20 s. */
    public static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} until it holds or {@code maxMs} pass; returns whether it held. */
    public static boolean until(BooleanSupplier condition, long maxMs) {
        return until(condition, maxMs, POLL.toMillis());
    }

    /** As {@link #until(BooleanSupplier, long)}, polling every {@code pollMs} (for a condition that costs the system under test). */
    public static boolean until(BooleanSupplier condition, long maxMs, long pollMs) {
        try {
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(pollMs)).atMost(Duration.ofMillis(maxMs))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Polls {@code value} until what it returns matches (an exception counts as no match; an Error, such as a failed assertion, ends the wait) and returns that value; fails
     * with the last value seen after {@code maxMs}.
     */
    public static <T> T value(Callable<T> value, Predicate<? super T> matches, long maxMs) {
        return value(value, matches, maxMs, POLL.toMillis());
    }

    /** As {@link #value(Callable, Predicate, long)}, polling every {@code pollMs} (for a value that costs the system under test). */
    public static <T> T value(Callable<T> value, Predicate<? super T> matches, long maxMs, long pollMs) {
        Object[] last = new Object[1];
        try {
            return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(pollMs)).atMost(Duration.ofMillis(maxMs))
                    .ignoreExceptionsMatching(e -> e instanceof Exception).until(() -> {
                        T seen = value.call();
                        last[0] = seen;
                        return seen;
                    }, matches::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("never matched in " + maxMs + " ms; last seen: " + last[0], e);
        }
    }

    /**
     * Asserts that {@code condition} holds throughout the next {@code ms} (checked every 10 ms): for the tests where
     * "nothing happens for a while" is the behaviour under test.
     */
    public static void holdsFor(BooleanSupplier condition, long ms, String what) {
        long started = System.nanoTime();
        try {
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(Duration.ofMillis(ms))
                    .until(() -> !condition.getAsBoolean());
        } catch (ConditionTimeoutException heldThroughout) {
            return;
        }
        throw new AssertionError(what + ": stopped holding after " + (System.nanoTime() - started) / 1_000_000 + " of " + ms + " ms");
    }
}
