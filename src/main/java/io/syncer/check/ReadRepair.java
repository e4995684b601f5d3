package io.syncer.check;

import io.syncer.model.Expectation;
import io.syncer.model.Pod;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Read repair for one {@link FanOut}: once {@code check.keyval.repair.afterMs} have passed since the check began, a pod
 * whose last answer shows it still behind is written what it lacks, at most once per check, and asked again at once.
 * <ul>
 * <li>expect present or value: a pod without the key gets it by POST (which never overwrites: a pod holding a tombstone or
 * another value is left alone), with the value the caller expects or, for a plain check, the one the origin pod holds
 * (read once when the fan-out starts). With no known value nothing is written.</li>
 * <li>expect absent: a pod still holding a value other than a tombstone gets the tombstone by PATCH.</li>
 * </ul>
 * A write is made only while some caller still waits for the pod, bounded by the latest such caller's deadline, and is
 * reset when the last caller leaves: it never delays an answer. Shared by every caller of the fan-out, like the probes.
 */
final class ReadRepair {

    private final ProbePlan plan;
    private final RepairWrites writes;
    private final Ask ask;
    private final List<Pod> pods;
    private final IntFunction<PodProbe.Budget> budget;
    private final IntConsumer askAgain;
    private final io.opentelemetry.context.Context traceParent;
    private final boolean[] attempted;
    private final boolean[] repaired;
    private final PodAnswer[] behind;
    private final HttpClientRequest[] inFlight;
    private String value;
    private boolean due;
    private boolean closed;
    private long timer = -1;

    ReadRepair(ProbePlan plan, Ask ask, List<Pod> pods, IntFunction<PodProbe.Budget> budget, IntConsumer askAgain,
               io.opentelemetry.context.Context traceParent) {
        this.plan = plan;
        this.writes = plan.repair();
        this.ask = ask;
        this.pods = pods;
        this.budget = budget;
        this.askAgain = askAgain;
        this.traceParent = traceParent;
        this.attempted = new boolean[pods.size()];
        this.repaired = new boolean[pods.size()];
        this.behind = new PodAnswer[pods.size()];
        this.inFlight = new HttpClientRequest[pods.size()];
    }

    /**
     * Starts the clock; with a plain presence check, reads the origin pod's value first ({@code origin} -1: none, and
     * nothing will be written). {@code startedNanos}: when the first caller's check began.
     */
    void start(int origin, long startedNanos, long deadlineNanos) {
        switch (ask.expect()) {
            case VALUE -> value = ask.value();
            case ABSENT -> value = writes.tombstone();
            case PRESENT -> {
                if (origin >= 0) {
                    long timeoutMs = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
                    writes.readValue(pods.get(origin), ask, timeoutMs).onSuccess(held -> {
                        value = held;
                        considerAll();
                    });
                }
            }
        }
        long waitMs = writes.config().afterMs() - (System.nanoTime() - startedNanos) / 1_000_000L;
        if (waitMs <= 0) {
            due = true;
        } else {
            timer = plan.vertx().setTimer(waitMs, id -> {
                timer = -1;
                due = true;
                considerAll();
            });
        }
    }

    /** Pod {@code index} answered "not yet" with {@code answer}: written now if the time has come. */
    void notYet(int index, PodAnswer answer) {
        behind[index] = answer;
        consider(index);
    }

    /** Whether syncer wrote the key to pod {@code index} during this fan-out. */
    boolean repaired(int index) {
        return repaired[index];
    }

    /** The last caller left: nothing more is written, a write in flight is reset. */
    void close() {
        closed = true;
        if (timer != -1) {
            plan.vertx().cancelTimer(timer);
        }
        for (int i = 0; i < inFlight.length; i++) {
            if (inFlight[i] != null) {
                inFlight[i].reset();
                inFlight[i] = null;
            }
        }
    }

    private void considerAll() {
        for (int i = 0; i < pods.size(); i++) {
            consider(i);
        }
    }

    private void consider(int index) {
        PodAnswer answer = behind[index];
        if (!due || closed || attempted[index] || value == null || answer == null || answer.error() != null) {
            return;
        }
        HttpMethod method = ask.expect() == Expectation.ABSENT
                ? (answer.keyHeld() ? HttpMethod.PATCH : null)
                : (answer.keyHeld() ? null : HttpMethod.POST);
        PodProbe.Budget allowed = budget.apply(index);
        long remainingMs = allowed == null ? 0 : (allowed.deadlineNanos() - System.nanoTime()) / 1_000_000L;
        Pod pod = pods.get(index);
        if (method == null || remainingMs < 1 || writes.refusing(pod)) {
            return;
        }
        attempted[index] = true;
        writes.write(pod, method, ask, value, remainingMs, traceParent, request -> {
            if (closed) {
                request.reset();
            } else {
                inFlight[index] = request;
            }
        }).onSuccess(result -> {
            inFlight[index] = null;
            if (closed) {
                return;
            }
            if (result == RepairWrites.Result.WRITTEN) {
                repaired[index] = true;
            }
            if (result == RepairWrites.Result.WRITTEN || result == RepairWrites.Result.EXISTS) {
                askAgain.accept(index);
            }
        });
    }
}
