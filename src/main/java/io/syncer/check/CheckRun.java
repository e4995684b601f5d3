package io.syncer.check;

import io.syncer.model.PodError;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Expectation;
import io.syncer.model.Outcome;
import io.syncer.model.PodResult;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import io.syncer.model.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One caller's check over a (possibly shared) {@link FanOut}: its own deadline (from the request's arrival), its own
 * attempts per pod and its own result per pod, recorded from the probes' replies by the same rules a probe of its own
 * would follow: a pod not as expected is given up when this caller's attempts are spent or its next request could not
 * start before this caller's answer is due. It answers as soon as the quorum is reached, or (with an explicit quorum) can
 * no longer be, or every pod has a result, or at its deadline, whichever comes first, and then leaves the fan-out. At
 * the deadline a pod whose request is still in flight makes the answer Timeout; a pod waiting for its next retry keeps
 * its "not yet" (nothing of it was outstanding).
 * A pod syncer did not ask (its own limits: {@link Outcome#NOT_ASKED}) is never evidence: when such pods could change the
 * verdict, the check is refused ({@link CheckOverloadedException}) instead of answered, unless the deadline passed while
 * pods were still being asked (Timeout).
 */
final class CheckRun {

    private final Vertx vertx;
    private final CheckRequest request;
    private final Expectation expect;
    private final int required;
    private final int deadlineMs;
    private final long deadlineNanos;
    private final LoopLag lag;
    private final java.util.Set<String> isolatedNames;
    private boolean[] isolated;
    private final Promise<CheckReport> report = Promise.promise();
    private FanOut fanOut;
    private PodResult[] results;
    private int[] baselines;
    private int pending;
    private int reached;
    /** Pods syncer did not ask (its own limits): no evidence either way. */
    private int notAsked;
    /**
     * Per pod: its last "not yet" to this caller (null until the first of any pod), so that a retry not made still
     * leaves evidence, and this caller's attempts by then.
     */
    private ProbeReply[] lastNotYet;
    private int[] notYetAttempts;
    private long deadlineTimer;
    private boolean done;

    /**
     * @param lag this event loop's timer lag, by which the deadline timer is set earlier (see {@link LoopLag})
     * @param isolatedNames pods zone_sync found isolated; each is asked once (its "not yet" is final), never waited for
     */
    CheckRun(Vertx vertx, CheckRequest request, int required, int deadlineMs, LoopLag lag, java.util.Set<String> isolatedNames) {
        this.vertx = vertx;
        this.request = request;
        this.expect = request.expect();
        this.required = required;
        this.deadlineMs = deadlineMs;
        this.deadlineNanos = request.receivedNanos() + deadlineMs * 1_000_000L;
        this.lag = lag;
        this.isolatedNames = isolatedNames;
    }

    /** Joins {@code shared} and answers by this caller's deadline; {@code abandoned} completing cancels it unanswered. */
    Future<CheckReport> start(FanOut shared, Future<Void> abandoned) {
        this.fanOut = shared;
        int pods = shared.podSet().size();
        results = new PodResult[pods];
        baselines = new int[pods];
        pending = pods;
        isolated = new boolean[pods];
        for (int i = 0; i < pods && !isolatedNames.isEmpty(); i++) {
            if (isolatedNames.contains(shared.podSet().pods().get(i).name())) {
                isolated[i] = true;
            }
        }
        deadlineTimer = vertx.setTimer(msUntil(deadlineNanos - lag.maxMarginNanos(deadlineMs)), id -> beforeDeadline());
        shared.join(this);
        abandoned.onComplete(gone -> cancel());
        return report.future();
    }

    /**
     * The first deadline timer fires when at most a quarter of the deadline is left; it sets the last one for the deadline
     * less this loop's lag measured then (or answers Timeout if that moment has come). Two timers per check, so that the
     * margin is the lag of the moment the answer is due, not of the moment the check arrived.
     */
    private void beforeDeadline() {
        long left = answerByNanos() - System.nanoTime();
        if (left < 1_000_000L) {
            finish(true);
        } else {
            deadlineTimer = vertx.setTimer(left / 1_000_000L, id -> finish(true));
        }
    }

    /** When this caller is answered at the latest: its deadline less this loop's current lag margin. */
    private long answerByNanos() {
        return deadlineNanos - lag.marginNanos(deadlineMs);
    }

    private static long msUntil(long nanos) {
        return Math.max(1, (nanos - System.nanoTime() + 999_999) / 1_000_000L);
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Whether this caller still waits for pod {@code index}. */
    boolean waitsFor(int index) {
        return !done && results[index] == null;
    }

    /** The reply number up to which this caller still has attempts on pod {@code index}. */
    int replyLimit(int index) {
        return baselines[index] + fanOut.maxAttempts();
    }

    /** Pod {@code index} is the origin: known without asking. */
    void origin(int index) {
        record(index, new PodResult(pod(index), expect.reached(), 0, 0, 0, true, null));
    }

    /** Pod {@code index} answered as expected before this caller came. */
    void known(int index, ProbeReply reply) {
        record(index, new PodResult(pod(index), expect.reached(), reply.httpStatus(), 0, 0, false, null));
    }

    /** This caller's attempts on pod {@code index} start after reply number {@code replies}. */
    void waitFrom(int index, int replies) {
        baselines[index] = replies;
    }

    void onReply(int index, ProbeReply reply) {
        if (!waitsFor(index)) {
            return;
        }
        int attempts = reply.number() - baselines[index];
        if (reply.kind() == ProbeReply.Kind.NOT_YET) {
            if (lastNotYet == null) {
                // made on the first "not yet": a check every pod answers at once allocates nothing for it
                lastNotYet = new ProbeReply[results.length];
                notYetAttempts = new int[results.length];
            }
            lastNotYet[index] = reply;
            notYetAttempts[index] = attempts;
        }
        Outcome outcome = switch (reply.kind()) {
            case REACHED -> expect.reached();
            case FAILED -> Outcome.FAILED;
            // a retry that could not be made after a "not yet": the pod's last answer stands
            case NOT_ASKED -> answeredNotYet(index) ? expect.notReached() : Outcome.NOT_ASKED;
            // an isolated pod (zone_sync) cannot learn the token while isolated: its first "not yet" is final
            // a retry due when this caller is answered (its deadline less the loop-lag margin) or later cannot count for it:
            // the pod's "not yet" stands (waiting would end in Timeout with no request of that pod in flight)
            case NOT_YET -> attempts >= fanOut.maxAttempts() || reply.retryAtNanos() >= answerByNanos() || isolated[index]
                    ? expect.notReached() : null;
        };
        if (outcome != null) {
            record(index, resultOf(index, outcome, reply, attempts));
            evaluate();
        }
    }

    /** Answers when the quorum is reached, out of reach, or every pod has a result. */
    void evaluate() {
        if (done) {
            return;
        }
        boolean outOfReach = request.quorum().explicit() && reached + pending + notAsked < required;
        if (reached >= required || pending == 0 || outOfReach) {
            finish(false);
        }
    }

    /** The caller went away: leave without answering. */
    private void cancel() {
        if (!done) {
            done = true;
            vertx.cancelTimer(deadlineTimer);
            report.tryFail(CheckRefusedException.callerGone());
            fanOut.leave(this);
        }
    }

    private boolean answeredNotYet(int index) {
        return lastNotYet != null && lastNotYet[index] != null;
    }

    private PodResult resultOf(int index, Outcome outcome, ProbeReply reply, int attempts) {
        long elapsedMs = Math.max(0, (reply.atNanos() - request.receivedNanos()) / 1_000_000L);
        Long learnedAfterMs = reply.kind() == ProbeReply.Kind.REACHED && attempts > 1 && expect != Expectation.ABSENT ? elapsedMs : null;
        return new PodResult(pod(index), outcome, reply.httpStatus(), attempts, elapsedMs, false, reply.error(), learnedAfterMs,
                isolated[index], reply.repaired());
    }

    private void record(int index, PodResult result) {
        results[index] = result;
        pending--;

        if (result.outcome() == expect.reached()) {
            reached++;
        } else if (result.outcome() == Outcome.NOT_ASKED) {
            notAsked++;
        }
    }

    private long elapsedMs() {
        return (System.nanoTime() - request.receivedNanos()) / 1_000_000L;
    }

    private Pod pod(int index) {
        return fanOut.podSet().pods().get(index);
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
        long elapsedMs = elapsedMs();
        List<PodResult> podResults = new ArrayList<>(results.length);
        List<String> skipped = new ArrayList<>();
        int stillAsked = 0;
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null && !answeredNotYet(i) && fanOut.waitingForConnection(i)) {
                // its request never left syncer: the pod was not asked
                record(i, new PodResult(pod(i), Outcome.NOT_ASKED, 0, 0, elapsedMs(), false, PodError.NO_TIME.wireName()));
            } else if (results[i] == null && answeredNotYet(i) && fanOut.waitingToRetry(i)) {
                // its last answer was "not yet" and its next question was not sent: that answer stands, nothing was outstanding
                record(i, resultOf(i, expect.notReached(), lastNotYet[i], notYetAttempts[i]));
            } else if (results[i] == null) {
                stillAsked++;
            }
            if (isolated[i] && (results[i] == null || results[i].outcome() != expect.reached())) {
                skipped.add(pod(i).name());
            }
            podResults.add(results[i] != null ? results[i]
                    : new PodResult(pod(i), unfinished, 0, 0, elapsedMs, false, null, null, isolated[i]));
        }
        podResults.sort(Comparator.comparing(result -> result.pod().name()));
        // Timeout only when the deadline passed with a pod's request outstanding
        boolean timedOut = deadlinePassed && stillAsked > 0;
        Verdict verdict = Verdicts.decide(expect, reached, required, timedOut);
        PodSet podSet = fanOut.podSet();
        boolean undecided = notAsked > 0 && Verdicts.decide(expect, reached + notAsked, required, timedOut) != verdict && !timedOut;
        Long retryAfterMs = verdict == Verdict.PARTIALY || verdict == Verdict.TIMEOUT ? fanOut.retryAfterMs(elapsedMs) : null;
        String reason = deadlinePassed || skipped.isEmpty() || reached >= required ? null
                : "isolated: " + String.join(", ", skipped) + " (zone_sync sees fewer than " + (podSet.size() - 1)
                        + " other nodes online), asked once, not waited for";
        CheckReport answer = new CheckReport(verdict, podResults.size(), reached, request.quorum().explicit() ? required : null,
                elapsedMs, deadlineMs, podSet.generation(), reason, podResults, podSet.state(), podSet.reason(), retryAfterMs);
        if (undecided) {
            // the pods syncer could not ask would decide the verdict: an answer from the others alone would be a guess
            report.fail(new CheckOverloadedException(answer, notAsked));
        } else {
            report.complete(answer);
        }
        // the answer is out; cancelling the probes nobody needs may wait a tick, so that other answers due now go first
        vertx.runOnContext(v -> fanOut.leave(this));
    }
}
