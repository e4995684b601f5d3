package io.syncer.check;

import io.syncer.config.CheckConfig;
import io.syncer.pods.PodClient;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.metrics.Telemetry;
import io.syncer.zonesync.ZoneSyncHealth;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Expectation;
import io.syncer.model.PodSet;
import io.syncer.model.TokenHash;
import io.syncer.model.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fan-out check: asks the pods of a {@link PodSet}, in parallel, whether they know a token, under the caller's
 * deadline and quorum. Concurrent checks of the same token on the same pod-set generation share one {@link FanOut}
 * (one request per pod, however many callers) without changing any caller's answer. One engine per event loop: it
 * owns one pooled keep-alive HTTP client (the core client, because an in-flight request must be reset when no caller
 * needs it any more, which a WebClient request cannot be) and its running fan-outs, and must be called from the
 * context that created it. A retired engine (after a config reload) closes its client when its last check has answered.
 */
public final class CheckEngine {

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckEngine.class);

    private final Vertx vertx;
    private final CheckConfig config;
    private final HttpClientAgent client;
    private final ProbePlan plan;
    private final SyncerMetrics metrics;
    private final Telemetry telemetry;
    private final ZoneSyncHealth zoneSync;
    private final Map<String, FanOut> running = new HashMap<>();
    private int checksInFlight;
    private boolean retired;
    private boolean closing;
    private final Promise<Void> closed = Promise.promise();
    private final PodClient podClient;
    private final LoopLag lag;
    private final Runnable untrackLag;
    private final Runnable untrackWaiting;
    /** Read repair's writes (check.keyval.repair.enabled with the keyval probe), or null. */
    private final RepairWrites repairWrites;

    /**
     * @param telemetry where checks are counted, shown and traced
     * @param zoneSync the latest zone_sync poll: pods it finds isolated are named in a check's answer
     */
    public CheckEngine(Vertx vertx, CheckConfig config, Telemetry telemetry, ZoneSyncHealth zoneSync) {
        this.vertx = vertx;
        this.config = config;
        this.telemetry = telemetry;
        this.metrics = telemetry.meters();
        this.zoneSync = zoneSync;
        // the connect timeout also bounds a request's wait for a pooled connection (PodProbe sets it per request)
        this.podClient = PodClient.create(vertx, config.pod(), Math.min(config.deadlines().maxDeadlineMs(), 10_000),
                new PoolOptions().setHttp1MaxSize(config.pod().pool().maxConnections()).setMaxWaitQueueSize(config.pod().pool().maxWaitQueue()));
        this.client = podClient.client();
        PodQuestion question = config.probe() == CheckConfig.Probe.KEYVAL
                ? new KeyvalQuestion(config.pod(), config.keyval()) : new TokenQuestion(config.pod());
        this.lag = new LoopLag(vertx).start();
        this.untrackLag = metrics.trackLoopLag(lag::nanos);
        Context engineContext = vertx.getOrCreateContext();
        PodConnections connections = new PodConnections(config.pod().pool().connectionBudget(), config.pod().pool().maxConnections(),
                config.pod().pool().maxWaitQueue(), task -> engineContext.runOnContext(v -> task.run()));
        this.untrackWaiting = metrics.trackPodRequestsWaiting(connections::waiting);
        this.repairWrites = question instanceof KeyvalQuestion keyval && config.keyval().repair().enabled()
                ? new RepairWrites(vertx, client, keyval, config.keyval().repair(), telemetry) : null;
        this.plan = new ProbePlan(vertx, client, question, new Backoff(config.retries()), config.retries().attempts(), config.pod().maxBodyBytes(), telemetry,
                connections, repairWrites);
    }

    /** Runs one check to its answer; the future always succeeds with a report. */
    public Future<CheckReport> check(CheckRequest request, PodSet podSet) {
        return check(request, podSet, Promise.<Void>promise().future());
    }

    /**
     * Runs one check. The future succeeds with a report, or fails with a {@link CheckRefusedException} when the pod set
     * has no pod (never answered Synced) or when {@code abandoned} completed first (the caller went away; its probes are
     * cancelled unless another caller shares them).
     */
    public Future<CheckReport> check(CheckRequest request, PodSet podSet, Future<Void> abandoned) {
        if (closing) {
            return Future.failedFuture(CheckRefusedException.unavailable("syncer is stopping its check engine"));
        }
        if (request.expect() == Expectation.VALUE && config.probe() != CheckConfig.Probe.KEYVAL) {
            return Future.failedFuture(CheckRefusedException.badRequest(
                    "expect=value needs the keyval probe (check.probe: keyval): the token probe cannot see a key's value"));
        }
        if (podSet.size() == 0) {
            return Future.failedFuture(CheckRefusedException.unavailable("no serving gateway pods"));
        }
        String tokenHash = TokenHash.of(request.token());
        int deadlineMs = request.deadlineMs() > 0 ? request.deadlineMs() : config.deadlines().deadlineMs();
        int pods = podSet.size();
        Expectation expect = request.expect();
        if (!request.quorum().explicit() && podSet.settled() && podSet.servingPods() < config.minPods()) {
            return done(request, tokenHash, report(expect.all(), podSet, pods, null, request, deadlineMs,
                    "discovery knows " + podSet.servingPods() + " serving pods, fewer than check.minPods (" + config.minPods()
                            + "): no replica to sync"));
        }
        int required = request.quorum().required(pods);
        if (request.quorum().explicit() && required > pods) {
            return done(request, tokenHash, report(expect.none(), podSet, 0, required, request, deadlineMs,
                    "min asks for " + required + " pods, the pod set has " + pods));
        }
        if (System.nanoTime() - request.receivedNanos() >= deadlineMs * 1_000_000L) {
            return done(request, tokenHash, report(Verdict.TIMEOUT, podSet, 0, request.quorum().explicit() ? required : null, request,
                    deadlineMs, "the deadline passed before the pod set was known"));
        }
        String key = request.token() + '\n' + podSet.generation() + '\n' + expect + '\n' + request.origin() + '\n' + request.value()
                + '\n' + request.repair();
        FanOut fanOut = running.get(key);
        if (fanOut != null && fanOut.open()) {
            metrics.checkCoalesced();
        } else {
            fanOut = new FanOut(plan, key, new Ask(request.token(), tokenHash, expect, request.value()), podSet, request.origin(), request.receivedNanos(),
                    request.repair(),
                    closedFanOut -> running.remove(closedFanOut.key(), closedFanOut));
            running.put(key, fanOut);
        }
        checksInFlight++;
        return new CheckRun(vertx, request, required, deadlineMs, lag, zoneSync.latest().isolated()).start(fanOut, abandoned)
                .onComplete(answered -> {
                    checksInFlight--;
                    closeWhenIdle();
                })
                .compose(report -> done(request, tokenHash, report), error -> overloaded(request, tokenHash, error));
    }

    /** The configuration this engine runs with. */
    public CheckConfig config() {
        return config;
    }

    /**
     * No new check comes; the client is closed once the last running check has answered, however long it takes.
     *
     * @return completes when the client is closed
     */
    public Future<Void> retire() {
        retired = true;
        closeWhenIdle();
        return closed.future();
    }

    /** This engine's event-loop lag estimate (tests set one by hand). */
    LoopLag loopLag() {
        return lag;
    }

    /** Closes the HTTP client and its pooled connections now. */
    public Future<Void> close() {
        if (!closing) {
            closing = true;
            lag.stop();
            untrackLag.run();
            untrackWaiting.run();
            if (repairWrites != null) {
                repairWrites.close();
            }
            podClient.close().onComplete(closed);
        }
        return closed.future();
    }

    private void closeWhenIdle() {
        if (retired && checksInFlight == 0) {
            close();
        }
    }

    private static CheckReport report(Verdict verdict, PodSet podSet, int synced, Integer required, CheckRequest request,
                                      int deadlineMs, String reason) {
        long elapsedMs = (System.nanoTime() - request.receivedNanos()) / 1_000_000L;
        return new CheckReport(verdict, podSet.size(), synced, required, elapsedMs, deadlineMs, podSet.generation(), reason,
                List.of(), podSet.state(), podSet.reason());
    }

    /** A check refused because pods that would decide it could not be asked: counted and logged like an answer. */
    private Future<CheckReport> overloaded(CheckRequest request, String tokenHash, Throwable error) {
        if (error instanceof CheckOverloadedException overloaded) {
            CheckReport report = overloaded.report();
            metrics.checkOverloaded(report, System.nanoTime() - request.receivedNanos());
            LOGGER.info("Check refused [token: {}] [reason: overloaded] [pods: {}] [synced: {}] [ms: {}] [generation: {}]",
                    tokenHash, report.pods(), report.synced(), report.elapsedMs(), report.generation());
        }
        return Future.failedFuture(error);
    }

    private Future<CheckReport> done(CheckRequest request, String tokenHash, CheckReport report) {
        long nanos = System.nanoTime() - request.receivedNanos();
        metrics.checkDone(report, nanos);
        telemetry.board().checkDone(report, nanos);
        LOGGER.info("Check done [token: {}] [verdict: {}] [pods: {}] [synced: {}] [ms: {}] [generation: {}]",
                tokenHash, report.verdict().wireName(), report.pods(), report.synced(), report.elapsedMs(), report.generation());
        return Future.succeededFuture(report);
    }
}
