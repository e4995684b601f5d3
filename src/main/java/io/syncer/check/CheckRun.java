package io.syncer.check;

import io.syncer.model.CheckReport;
import io.syncer.model.PodResult;
import io.syncer.model.PodSet;
import io.syncer.model.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * One check in progress: the pods' probes, merged under a single deadline timer. When every probe has ended first,
 * the timer is cancelled; when the timer fires first, every probe is cancelled (in-flight requests reset, retry
 * timers cancelled) and the answer is Timeout at once.
 */
final class CheckRun {

    private final Vertx vertx;
    private final PodSet podSet;
    private final long startNanos;
    private final int deadlineMs;
    private final List<PodProbe> probes = new ArrayList<>();
    private final List<Future<PodResult>> results = new ArrayList<>();
    private final Promise<CheckReport> report = Promise.promise();
    private long deadlineTimer;
    private boolean deadlinePassed;

    CheckRun(Vertx vertx, PodSet podSet, long startNanos, int deadlineMs) {
        this.vertx = vertx;
        this.podSet = podSet;
        this.startNanos = startNanos;
        this.deadlineMs = deadlineMs;
    }

    /** A pod known to have the token already (the origin): it is not asked. */
    void addKnown(PodResult result) {
        results.add(Future.succeededFuture(result));
    }

    void addProbe(PodProbe probe) {
        probes.add(probe);
    }

    Future<CheckReport> start() {
        deadlineTimer = vertx.setTimer(deadlineMs, id -> onDeadline());
        probes.forEach(probe -> results.add(probe.start()));
        Future.join(results).onComplete(done -> finish());
        return report.future();
    }

    private void onDeadline() {
        deadlinePassed = true;
        probes.forEach(PodProbe::cancel);
    }

    private void finish() {
        if (!deadlinePassed) {
            vertx.cancelTimer(deadlineTimer);
        }
        List<PodResult> podResults = new ArrayList<>(results.size());
        results.forEach(future -> podResults.add(future.result()));
        podResults.sort((a, b) -> a.pod().name().compareTo(b.pod().name()));
        Verdict verdict = Verdicts.decide(podResults, deadlinePassed);
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        report.complete(new CheckReport(verdict, podResults.size(), Verdicts.countSynced(podResults), elapsedMs,
                podSet.generation(), null, podResults));
    }
}
