package io.syncer.check;

import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Outcome;
import io.syncer.model.PodResult;
import io.syncer.model.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * One caller's check: its own deadline timer and quorum over a (possibly shared) {@link FanOut}. It answers as soon as
 * the quorum is reached, or (with an explicit quorum) as soon as it can no longer be reached, or when every pod has
 * answered, or at its deadline (Timeout) - whichever comes first - and then leaves the fan-out.
 */
final class CheckRun {

    private final Vertx vertx;
    private final CheckRequest request;
    private final int required;
    private final int deadlineMs;
    private final long startNanos;
    private final long deadlineNanos;
    private final Promise<CheckReport> report = Promise.promise();
    private FanOut fanOut;
    private long deadlineTimer;
    private boolean done;

    CheckRun(Vertx vertx, CheckRequest request, int required, int deadlineMs, long startNanos) {
        this.vertx = vertx;
        this.request = request;
        this.required = required;
        this.deadlineMs = deadlineMs;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + deadlineMs * 1_000_000L;
    }

    Future<CheckReport> start(FanOut shared) {
        this.fanOut = shared;
        deadlineTimer = vertx.setTimer(deadlineMs, id -> finish(true));
        shared.join(this);
        return report.future();
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Called whenever a pod's result arrives. */
    void evaluate() {
        if (done) {
            return;
        }
        int reached = fanOut.reached();
        int pending = fanOut.pending();
        boolean outOfReach = request.quorum().explicit() && reached + pending < required;
        if (reached >= required || pending == 0 || outOfReach) {
            finish(false);
        }
    }

    private void finish(boolean deadlinePassed) {
        if (done) {
            return;
        }
        done = true;
        if (!deadlinePassed) {
            vertx.cancelTimer(deadlineTimer);
        }
        Outcome unfinished = deadlinePassed ? Outcome.TIMEOUT : Outcome.CANCELLED;
        long nowMs = (System.nanoTime() - fanOut.startNanos()) / 1_000_000L;
        PodResult[] results = fanOut.results();
        List<PodResult> podResults = new ArrayList<>(results.length);
        int reached = 0;
        for (int i = 0; i < results.length; i++) {
            PodResult result = results[i] != null ? results[i]
                    : new PodResult(fanOut.podSet().pods().get(i), unfinished, 0, 0, nowMs, false, null);
            podResults.add(result);
            if (result.outcome() == request.expect().reached()) {
                reached++;
            }
        }
        podResults.sort((a, b) -> a.pod().name().compareTo(b.pod().name()));
        Verdict verdict = Verdicts.decide(request.expect(), reached, required, deadlinePassed);
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        report.complete(new CheckReport(verdict, podResults.size(), reached, request.quorum().explicit() ? required : null,
                elapsedMs, deadlineMs, fanOut.podSet().generation(), null, podResults));
        fanOut.leave(this);
    }
}
