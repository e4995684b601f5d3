package io.syncer.check;

import io.syncer.bus.Addresses;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.PodSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;

/**
 * A check as the outside world sees it: take the current pod set from the registry over the event bus, then run the
 * {@link CheckEngine} on that snapshot. A pod set that changes meanwhile does not disturb the running check.
 * Used on one event loop only.
 */
public final class CheckService {

    private static final DeliveryOptions SNAPSHOT_REQUEST = new DeliveryOptions().setSendTimeout(1_000);

    private final Vertx vertx;
    private CheckEngine engine;

    public CheckService(Vertx vertx, CheckEngine engine) {
        this.vertx = vertx;
        this.engine = engine;
    }

    /** The report, or a {@link CheckUnavailableException} when no pod set can be had. */
    public Future<CheckReport> check(CheckRequest request) {
        CheckEngine current = engine;
        return vertx.eventBus().<PodSet>request(Addresses.REGISTRY_SNAPSHOT, null, SNAPSHOT_REQUEST)
                .recover(CheckService::unavailable)
                .compose(snapshot -> current.check(request, snapshot.body()));
    }

    public CheckEngine engine() {
        return engine;
    }

    /**
     * New checks use {@code next}; the previous engine is closed once the checks it is running have passed their
     * deadline.
     */
    public void replaceEngine(CheckEngine next) {
        CheckEngine previous = engine;
        engine = next;
        vertx.setTimer(previous.config().deadlineMs() + 1_000L, id -> previous.close());
    }

    private static <T> Future<T> unavailable(Throwable error) {
        if (error instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case RECIPIENT_FAILURE:
                    return Future.failedFuture(new CheckUnavailableException(reply.failureCode(), reply.getMessage()));
                case TIMEOUT:
                    return Future.failedFuture(new CheckUnavailableException(503, "the pod registry did not answer in time"));
                default:
                    return Future.failedFuture(new CheckUnavailableException(500, "the pod registry is not running"));
            }
        }
        return Future.failedFuture(new CheckUnavailableException(500, error.toString()));
    }
}
