package io.syncer.check;

import io.syncer.model.PodError;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The probes of every pod of one pod-set generation for one {@link Ask}, shared by every caller ({@link CheckRun}) that
 * asks the same thing while it runs. Sharing never changes a caller's answer: each caller keeps its own deadline,
 * attempts and results, and only reuses what it would have learnt alone. A pod that already knows the token counts at
 * once; a pod still being asked is waited for; a pod whose probe went idle (it gave up, or failed) is asked again for
 * the new caller. A probe runs while some caller still waits for that pod, up to the latest of their deadlines.
 * When the last caller leaves, every probe is cancelled. Lives on one event loop.
 */
final class FanOut {

    private final ProbePlan plan;
    private final String key;
    private final PodSet podSet;
    private final PodProbe[] probes;
    private final int originIndex;
    private final List<CheckRun> callers = new ArrayList<>();
    private final Consumer<FanOut> onClosed;
    private final long startedNanos;
    private final boolean measuresPropagation;
    private final boolean[] notYetSeen;
    /** Read repair (check.keyval.repair), or null when off for this fan-out. */
    private final ReadRepair repair;
    private boolean closed;

    /**
     * @param startedNanos when the first caller's check started (propagation waits count from there)
     * @param repairAllowed whether the callers allow read repair (it also needs check.keyval.repair.enabled)
     */
    FanOut(ProbePlan plan, String key, Ask ask, PodSet podSet, String origin, long startedNanos, boolean repairAllowed,
           Consumer<FanOut> onClosed) {
        this.plan = plan;
        this.startedNanos = startedNanos;
        this.measuresPropagation = ask.expect() != io.syncer.model.Expectation.ABSENT;
        this.notYetSeen = new boolean[podSet.size()];
        // the first caller's check span (current while the engine builds the fan-out): the parent of the pod requests
        io.opentelemetry.context.Context traceParent = plan.telemetry().tracer() == null ? null : io.opentelemetry.context.Context.current();
        this.key = key;
        this.podSet = podSet;
        this.onClosed = onClosed;
        List<Pod> pods = podSet.pods();
        this.probes = new PodProbe[pods.size()];
        int originAt = -1;
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get(i);
            if (originAt < 0 && origin != null && pod.matches(origin)) {
                originAt = i;
                continue;
            }
            int index = i;
            probes[i] = new PodProbe(plan, ask, pod, pods.size(), reply -> onReply(index, reply), () -> budget(index), traceParent);
        }
        this.originIndex = originAt;
        this.repair = plan.repair() != null && repairAllowed
                ? new ReadRepair(plan, ask, pods, this::budget, this::askAgainNow, traceParent) : null;
    }

    /**
     * A caller joins: it counts the origin and the pods known already, waits for the pods being asked, and has the idle
     * ones asked again. Then it evaluates what it knows.
     */
    void join(CheckRun caller) {
        callers.add(caller);
        if (repair != null && callers.size() == 1 && !closed) {
            repair.start(originIndex, startedNanos, caller.deadlineNanos());
        }
        List<PodProbe> toAsk = new ArrayList<>();
        for (int i = 0; i < probes.length; i++) {
            PodProbe probe = probes[i];
            if (i == originIndex) {
                caller.origin(i);
            } else if (probe.running()) {
                caller.waitFrom(i, probe.replies());
            } else if (probe.last() != null && probe.last().kind() == ProbeReply.Kind.REACHED) {
                caller.known(i, probe.last());
            } else {
                caller.waitFrom(i, probe.replies());
                toAsk.add(probe);
            }
        }
        toAsk.forEach(PodProbe::ask);
        caller.evaluate();
    }

    /** A caller has its answer (or went away): probes nobody waits for any more are cancelled. */
    void leave(CheckRun caller) {
        callers.remove(caller);
        for (int i = 0; i < probes.length; i++) {
            if (probes[i] != null && probes[i].running() && budget(i) == null) {
                probes[i].cancel();
            }
        }
        if (callers.isEmpty() && !closed) {
            closed = true;
            if (repair != null) {
                repair.close();
            }
            onClosed.accept(this);
        }
    }

    /** Whether pod {@code index}'s request is still waiting for a connection: the pod has not been asked. */
    boolean waitingForConnection(int index) {
        return probes[index] != null && probes[index].waitingForConnection();
    }

    /** Whether pod {@code index}'s probe waits for its backoff (its last answer was "not yet"; no request in flight). */
    boolean waitingToRetry(int index) {
        return probes[index] != null && probes[index].waitingToRetry();
    }

    /** Whether a new caller may still share this fan-out. */
    boolean open() {
        return !closed;
    }

    String key() {
        return key;
    }

    PodSet podSet() {
        return podSet;
    }

    /** The time the pods still missing after {@code elapsedMs} most likely need, or null (see {@link io.syncer.metrics.Propagation}). */
    Long retryAfterMs(long elapsedMs) {
        return plan.telemetry().propagation().retryAfterMs(elapsedMs);
    }

    int maxAttempts() {
        return plan.maxAttempts();
    }

    /** A reply of pod {@code index}'s probe, for every caller (package-visible for CheckBookkeepingBenchmark). */
    void onReply(int index, ProbeReply reply) {
        if (repair != null) {
            if (reply.kind() == ProbeReply.Kind.NOT_YET) {
                repair.notYet(index, probes[index].lastAnswer());
            }
            if (repair.repaired(index)) {
                reply = reply.asRepaired();
            }
        }
        if (reply.kind() == ProbeReply.Kind.FAILED || (reply.kind() == ProbeReply.Kind.NOT_ASKED && PodError.POOL_BUSY.wireName().equals(reply.error()))) {
            plan.telemetry().meters().podError(reply.error());
        } else if (reply.kind() == ProbeReply.Kind.NOT_YET) {
            notYetSeen[index] = true;
        } else if (notYetSeen[index] && measuresPropagation) {
            notYetSeen[index] = false;
            // a pod syncer wrote to says nothing of zone_sync: its wait is kept apart
            if (reply.repaired()) {
                plan.telemetry().propagation().recordRepaired(Math.max(0, reply.atNanos() - startedNanos));
            } else {
                plan.telemetry().propagation().record(Math.max(0, reply.atNanos() - startedNanos));
            }
        }
        for (CheckRun caller : List.copyOf(callers)) {
            caller.onReply(index, reply);
        }
    }

    /** Pod {@code index} was just written to: read it again at once, if some caller still waits for it. */
    private void askAgainNow(int index) {
        if (budget(index) != null) {
            probes[index].askAgainNow();
        }
    }

    /** What the callers still waiting for pod {@code index} allow its probe, or null when none waits. */
    private PodProbe.Budget budget(int index) {
        long deadline = Long.MIN_VALUE;
        int replyLimit = 0;
        boolean waiting = false;
        for (CheckRun caller : callers) {
            if (caller.waitsFor(index)) {
                waiting = true;
                deadline = Math.max(deadline, caller.deadlineNanos());
                replyLimit = Math.max(replyLimit, caller.replyLimit(index));
            }
        }
        return waiting ? new PodProbe.Budget(deadline, replyLimit) : null;
    }
}
