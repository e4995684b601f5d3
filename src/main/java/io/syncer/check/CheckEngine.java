package io.syncer.check;

import io.syncer.config.CheckConfig;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Expectation;
import io.syncer.model.PodSet;
import io.syncer.model.TokenHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fan-out check: asks the pods of a {@link PodSet}, in parallel, whether they know a token, under the caller's
 * deadline and quorum. Concurrent checks of the same token on the same pod-set generation share one {@link FanOut}
 * (one request per pod, however many callers). One engine per event loop: it owns one pooled keep-alive HTTP client
 * and its map of running fan-outs, and must be called from the context that created it. Probes use the core HTTP
 * client because an in-flight request must be reset when it is no longer needed.
 */
public final class CheckEngine {

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckEngine.class);

    private final Vertx vertx;
    private final CheckConfig config;
    private final HttpClientAgent client;
    private final PodQuestion question;
    private final Backoff backoff;
    private final SyncerMetrics metrics;
    private final Map<String, FanOut> running = new HashMap<>();

    public CheckEngine(Vertx vertx, CheckConfig config, SyncerMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.min(config.maxDeadlineMs(), 10_000))
                .setTrustAll(config.pod().tlsTrustAll())
                .setVerifyHost(!config.pod().tlsTrustAll());
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.pod().maxConnections()));
        this.question = config.probe() == CheckConfig.Probe.KEYVAL
                ? new KeyvalQuestion(config.pod(), config.keyval()) : new TokenQuestion(config.pod());
        this.backoff = new Backoff(config);
    }

    /** Runs one check; the future always succeeds with a report. */
    public Future<CheckReport> check(CheckRequest request, PodSet podSet) {
        long startNanos = System.nanoTime();
        String tokenHash = TokenHash.of(request.token());
        int deadlineMs = request.deadlineMs() > 0 ? request.deadlineMs() : config.deadlineMs();
        int pods = podSet.size();
        Expectation expect = request.expect();
        if (!request.quorum().explicit() && pods < config.minPods()) {
            return done(tokenHash, startNanos, new CheckReport(expect.all(), pods, pods, null, 0, deadlineMs, podSet.generation(),
                    "fewer than check.minPods (" + config.minPods() + ") pods: no replica to sync", List.of()));
        }
        int required = request.quorum().required(pods);
        if (request.quorum().explicit() && required > pods) {
            return done(tokenHash, startNanos, new CheckReport(expect.none(), pods, 0, required, 0, deadlineMs, podSet.generation(),
                    "min asks for " + required + " pods, the pod set has " + pods, List.of()));
        }
        String key = request.token() + '\n' + podSet.generation() + '\n' + expect + '\n' + request.origin();
        CheckRun run = new CheckRun(vertx, request, required, deadlineMs, startNanos);
        FanOut shared = running.get(key);
        Future<CheckReport> report;
        if (shared != null && shared.open()) {
            metrics.checkCoalesced();
            report = run.start(shared);
        } else {
            FanOut fanOut = new FanOut(this, key, request.token(), tokenHash, expect, podSet, request.origin(),
                    closed -> running.remove(closed.key(), closed));
            running.put(key, fanOut);
            report = run.start(fanOut);
            fanOut.start();
        }
        return report.onSuccess(done -> done(tokenHash, startNanos, done));
    }

    /** The configuration this engine runs with. */
    public CheckConfig config() {
        return config;
    }

    /** Closes the HTTP client and its pooled connections. */
    public Future<Void> close() {
        return client.close();
    }

    Vertx vertx() {
        return vertx;
    }

    HttpClient client() {
        return client;
    }

    PodQuestion question() {
        return question;
    }

    Backoff backoff() {
        return backoff;
    }

    SyncerMetrics metrics() {
        return metrics;
    }

    private Future<CheckReport> done(String tokenHash, long startNanos, CheckReport report) {
        metrics.checkDone(report, System.nanoTime() - startNanos);
        LOGGER.info("Check done [token: {}] [verdict: {}] [pods: {}] [synced: {}] [ms: {}] [generation: {}]",
                tokenHash, report.verdict().wireName(), report.pods(), report.synced(), report.elapsedMs(), report.generation());
        return Future.succeededFuture(report);
    }
}
