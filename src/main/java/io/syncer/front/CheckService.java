package io.syncer.front;

import io.syncer.bus.Addresses;
import io.syncer.check.CheckEngine;
import io.syncer.check.CheckRefusedException;
import io.syncer.metrics.Telemetry;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.PodSet;
import io.syncer.model.RegistryView;
import io.syncer.tracing.CheckSpan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check as both fronts run it: take the current pod set from the registry over the event bus - the view the registry
 * publishes whenever it changes, or, until the first one arrives, a snapshot request that waits no longer than the
 * check's own deadline, counted from the request's arrival - then run the {@link CheckEngine} of that moment on it. Every failure comes out as a {@link CheckRefusedException} carrying the status to answer with.
 * A pod set that changes meanwhile does not disturb the running check. Used on one event loop only.
 */
public final class CheckService {

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckService.class);

    private final Vertx vertx;
    private final Admission admission;
    private final Telemetry telemetry;
    private CheckEngine engine;
    private RegistryView view;

    public CheckService(Vertx vertx, CheckEngine engine, Admission admission, Telemetry telemetry) {
        this.vertx = vertx;
        this.engine = engine;
        this.admission = admission;
        this.telemetry = telemetry;
    }

    /**
     * The report, or a {@link CheckRefusedException}: 503 when no usable pod set can be had before the deadline.
     *
     * @param abandoned completes when the caller has gone away: its probes are cancelled (unless shared), nothing is asked
     *                  if the pod set was not there yet
     */
    public Future<CheckReport> check(CheckRequest request, Future<Void> abandoned) {
        if (!admission.tryAcquire()) {
            telemetry.meters().checkRejected();
            CheckRefusedException refused = CheckRefusedException.unavailable("syncer is running check.maxInFlight (" + admission.limit()
                    + ") checks: try again shortly", 1);
            CheckSpan.refusedBeforeAdmission(telemetry.tracer(), request, refused.status(), refused.getMessage());
            return Future.failedFuture(refused);
        }
        CheckSpan span = CheckSpan.start(telemetry.tracer(), request);
        return admitted(request, abandoned, span).onComplete(done -> {
            admission.release();
            if (done.succeeded()) {
                span.answered(done.result());
            } else {
                span.refused(Refusals.of(done.cause()).status(), done.cause().getMessage());
            }
        });
    }

    private Future<CheckReport> admitted(CheckRequest request, Future<Void> abandoned, CheckSpan span) {
        int deadlineMs = request.deadlineMs() > 0 ? request.deadlineMs() : engine.config().deadlines().deadlineMs();
        long remainingMs = deadlineMs - (System.nanoTime() - request.receivedNanos()) / 1_000_000L;
        DeliveryOptions snapshotRequest = Addresses.local().setSendTimeout(Math.max(1, remainingMs));
        Future<PodSet> snapshot = view != null ? fromView(view)
                : vertx.eventBus().<PodSet>request(Addresses.REGISTRY_SNAPSHOT, null, snapshotRequest).map(Message::body);
        return snapshot
                .compose(podSet -> abandoned.isComplete()
                        ? Future.failedFuture(CheckRefusedException.callerGone())
                        : span.around(() -> engine.check(request, podSet, abandoned)))
                .recover(error -> {
                    CheckRefusedException refused = Refusals.of(error);
                    if (!(error instanceof CheckRefusedException) && !(error instanceof ReplyException)) {
                        LOGGER.error("Check failed unexpectedly", error);
                    }
                    return Future.failedFuture(refused);
                });
    }

    /** A check whose input was refused (400) before it could be admitted: traced like any refusal. */
    public void refusedAtInput(CheckRefusedException refused) {
        CheckSpan.refusedBeforeAdmission(telemetry.tracer(), null, refused.status(), refused.getMessage());
    }

    /** The registry's latest view as this front knows it, or null before the first. */
    public RegistryView view() {
        return view;
    }

    /** A view the registry handed over: kept when it is newer than the one this front has; from now on no check asks the registry. */
    public void viewChanged(RegistryView latest) {
        if (view == null || latest.sequence() >= view.sequence()) {
            view = latest;
        }
    }

    /**
     * Joins the registry: from now on it hands every new view to {@code viewAddress} (a consumer of this front that
     * calls {@link #viewChanged} and confirms) before it publishes the pod set; the reply is the view as it is now.
     */
    public Future<Void> join(String viewAddress) {
        return vertx.eventBus().<RegistryView>request(Addresses.FRONT_JOIN, viewAddress, Addresses.local().setSendTimeout(5_000))
                .onSuccess(reply -> viewChanged(reply.body()))
                .mapEmpty();
    }

    /** Leaves the registry: no more views are handed to {@code viewAddress}. */
    public Future<Void> leave(String viewAddress) {
        return vertx.eventBus().request(Addresses.FRONT_LEAVE, viewAddress, Addresses.local().setSendTimeout(1_000))
                .<Void>mapEmpty().recover(gone -> Future.succeededFuture());
    }

    private static Future<PodSet> fromView(RegistryView view) {
        return view.usable() != null ? Future.succeededFuture(view.usable())
                : Future.failedFuture(CheckRefusedException.unavailable(view.refusal()));
    }

    /** The cap on a caller's deadline under the current config. */
    public int maxDeadlineMs() {
        return engine.config().deadlines().maxDeadlineMs();
    }

    public CheckEngine engine() {
        return engine;
    }

    /** New checks use {@code next}; the previous engine closes its client when the checks it is running have answered. */
    public void replaceEngine(CheckEngine next) {
        CheckEngine previous = engine;
        engine = next;
        previous.retire();
    }
}
