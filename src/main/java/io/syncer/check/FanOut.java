package io.syncer.check;

import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.Expectation;
import io.syncer.model.Outcome;
import io.syncer.model.Pod;
import io.syncer.model.PodResult;
import io.syncer.model.PodSet;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The questions to every pod of one pod-set generation about one token: one probe per pod, shared by every caller
 * ({@link CheckRun}) that asks the same thing while it runs. Each caller keeps its own deadline and quorum; the fan-out
 * runs until the last caller has its answer (then the remaining probes are cancelled) or every pod has answered.
 * Lives on one event loop.
 */
final class FanOut {

    private final CheckEngine engine;
    private final String key;
    private final String token;
    private final String tokenHash;
    private final Expectation expect;
    private final PodSet podSet;
    private final long startNanos = System.nanoTime();
    private final PodResult[] results;
    private final List<PodProbe> probes = new ArrayList<>();
    private final List<CheckRun> callers = new ArrayList<>();
    private final Consumer<FanOut> onClosed;
    private long deadlineNanos;
    private int pending;
    private boolean closed;

    FanOut(CheckEngine engine, String key, String token, String tokenHash, Expectation expect, PodSet podSet, String origin,
           Consumer<FanOut> onClosed) {
        this.engine = engine;
        this.key = key;
        this.token = token;
        this.tokenHash = tokenHash;
        this.expect = expect;
        this.podSet = podSet;
        this.onClosed = onClosed;
        List<Pod> pods = podSet.pods();
        this.results = new PodResult[pods.size()];
        boolean originSeen = false;
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get(i);
            if (!originSeen && origin != null && pod.matches(origin)) {
                originSeen = true;
                results[i] = new PodResult(pod, expect.reached(), 0, 0, 0, true, null);
            } else {
                probes.add(new PodProbe(this, i, pod));
                pending++;
            }
        }
    }

    /** Starts the probes; called once its first caller has joined. */
    void start() {
        if (pending == 0) {
            close();
        }
        probes.forEach(PodProbe::start);
    }

    /** A caller joins: its deadline may extend the fan-out's, and it evaluates what is known already. */
    void join(CheckRun caller) {
        callers.add(caller);
        deadlineNanos = Math.max(deadlineNanos, caller.deadlineNanos());
        caller.evaluate();
    }

    /** A caller has its answer; when it was the last one, the remaining probes are cancelled. */
    void leave(CheckRun caller) {
        callers.remove(caller);
        if (callers.isEmpty() && pending > 0) {
            probes.forEach(PodProbe::cancel);
            close();
        }
    }

    void onResult(int index, PodResult result) {
        results[index] = result;
        pending--;
        if (result.outcome() == Outcome.FAILED) {
            engine.metrics().podError(result.error());
        }
        if (pending == 0) {
            close();
        }
        for (CheckRun caller : List.copyOf(callers)) {
            caller.evaluate();
        }
    }

    /** Whether a new caller may still share this fan-out. */
    boolean open() {
        return !closed;
    }

    private void close() {
        if (!closed) {
            closed = true;
            onClosed.accept(this);
        }
    }

    /** The results so far; a pod still being asked is null. */
    PodResult[] results() {
        return results;
    }

    int pending() {
        return pending;
    }

    int reached() {
        int reached = 0;
        for (PodResult result : results) {
            if (result != null && result.outcome() == expect.reached()) {
                reached++;
            }
        }
        return reached;
    }

    String key() {
        return key;
    }

    PodSet podSet() {
        return podSet;
    }

    Vertx vertx() {
        return engine.vertx();
    }

    HttpClient client() {
        return engine.client();
    }

    PodQuestion question() {
        return engine.question();
    }

    Backoff backoff() {
        return engine.backoff();
    }

    int maxAttempts() {
        return engine.config().attempts();
    }

    Expectation expect() {
        return expect;
    }

    String token() {
        return token;
    }

    String tokenHash() {
        return tokenHash;
    }

    long startNanos() {
        return startNanos;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }
}
