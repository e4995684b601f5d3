package io.syncer.check;

import io.syncer.model.Pod;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * How many requests one engine (one event loop) may have in flight to each pod, which is how many pooled connections
 * it keeps to that pod: a unique token needs one request per pod per check, so a pod's connections follow the checks
 * in flight (opened on demand, closed after the keep-alive timeout) up to the pod's share of the loop's budget,
 * {@code budget / pods}, between 1 and {@code maxPerPod}. The budget bounds the sockets and the heap that pod
 * connections take (each holds buffers on the heap) whatever the pod count; more checks than a pod's share wait in a
 * bounded FIFO queue (the first starts once a request to that pod has ended and its connection is back in the pool), and
 * beyond it a request fails at once ({@code pool_busy}) instead of queueing until the deadline.
 * A waiting request that is withdrawn (its callers answered or went away) leaves the queue. Lives on one event loop.
 */
final class PodConnections {

    /** What {@link #acquire} did with a request. */
    enum Grant { NOW, QUEUED, REFUSED }

    private final int budget;
    private final int maxPerPod;
    private final int maxWaiting;
    private final Executor later;
    private final Map<String, PodLine> lines = new HashMap<>();
    private int waiting;

    /**
     * @param budget requests in flight to all pods together, per event loop
     * @param maxPerPod the most one pod gets, however few pods there are
     * @param maxWaiting requests waiting per pod; beyond, refused
     * @param later runs a task on this event loop after the current one: the HTTP client returns a connection to its
     *              pool only after the response's end handler, so a waiting request started from there would open
     *              one more connection
     */
    PodConnections(int budget, int maxPerPod, int maxWaiting, Executor later) {
        this.later = later;
        this.budget = budget;
        this.maxPerPod = maxPerPod;
        this.maxWaiting = maxWaiting;
    }

    /** Each pod's share when the pod set has {@code pods} pods. */
    int share(int pods) {
        return Math.max(1, Math.min(maxPerPod, budget / Math.max(1, pods)));
    }

    /**
     * Asks for one request to {@code pod} (of a pod set of {@code pods}): {@link Grant#NOW} when within the pod's share
     * (the caller sends, then calls {@link #release}); {@link Grant#QUEUED} when {@code start} will run once a request
     * to that pod ends (and then holds the place, to be released); {@link Grant#REFUSED} when the queue is full.
     */
    Grant acquire(Pod pod, int pods, Runnable start) {
        PodLine line = lines.computeIfAbsent(pod.address(), address -> new PodLine());
        line.share = share(pods);
        if (line.inFlight < line.share && line.queue.isEmpty()) {
            line.inFlight++;
            return Grant.NOW;
        }
        if (line.queue.size() >= maxWaiting) {
            forgetIfIdle(pod.address(), line);
            return Grant.REFUSED;
        }
        line.queue.add(start);
        waiting++;
        return Grant.QUEUED;
    }

    /** A request to {@code pod} ended (answered, failed or reset): the next waiting one starts in its place. */
    void release(Pod pod) {
        String address = pod.address();
        PodLine line = lines.get(address);
        if (line == null) {
            return;
        }
        line.inFlight--;
        if (!line.queue.isEmpty() && !line.drainScheduled) {
            line.drainScheduled = true;
            later.execute(() -> drain(address, line));
        } else {
            forgetIfIdle(address, line);
        }
    }

    private void drain(String address, PodLine line) {
        line.drainScheduled = false;
        while (line.inFlight < line.share && !line.queue.isEmpty()) {
            Runnable next = line.queue.poll();
            waiting--;
            line.inFlight++;
            next.run();
        }
        forgetIfIdle(address, line);
    }

    /** A queued request is no longer wanted: it leaves the queue (nothing when it already started). */
    void withdraw(Pod pod, Runnable start) {
        String address = pod.address();
        PodLine line = lines.get(address);
        if (line != null && line.queue.remove(start)) {
            waiting--;
            forgetIfIdle(address, line);
        }
    }

    /** Requests waiting for a pod's connection, over every pod. */
    int waiting() {
        return waiting;
    }

    /** Requests in flight to {@code pod}. */
    int inFlight(Pod pod) {
        PodLine line = lines.get(pod.address());
        return line == null ? 0 : line.inFlight;
    }

    private void forgetIfIdle(String address, PodLine line) {
        if (line.inFlight <= 0 && line.queue.isEmpty()) {
            lines.remove(address, line); // a nested release may have replaced it already
        }
    }

    /** One pod's requests in flight and waiting. */
    private static final class PodLine {
        private int inFlight;
        private int share;
        private boolean drainScheduled;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    }
}
