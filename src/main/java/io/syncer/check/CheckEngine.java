package io.syncer.check;

import io.syncer.config.CheckConfig;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.Outcome;
import io.syncer.model.Pod;
import io.syncer.model.PodResult;
import io.syncer.model.PodSet;
import io.syncer.model.TokenHash;
import io.syncer.model.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The fan-out check: asks every pod of a {@link PodSet}, in parallel, whether it knows a token, under one deadline.
 * One engine per event loop: it owns one pooled keep-alive HTTP client and must be called from the context that
 * created it. Probes use the core HTTP client because an in-flight request must be reset when the deadline passes.
 */
public final class CheckEngine {

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckEngine.class);

    private final Vertx vertx;
    private final CheckConfig config;
    private final HttpClientAgent client;
    private final ProbeSettings settings;
    private final SyncerMetrics metrics;

    public CheckEngine(Vertx vertx, CheckConfig config, SyncerMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.min(config.deadlineMs(), 10_000))
                .setTrustAll(config.pod().tlsTrustAll())
                .setVerifyHost(!config.pod().tlsTrustAll());
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.pod().maxConnections());
        this.client = vertx.createHttpClient(options, pool);
        this.settings = new ProbeSettings(vertx, client, config);
    }

    /** Runs one check; the future always succeeds with a report. */
    public Future<CheckReport> check(CheckRequest request, PodSet podSet) {
        long startNanos = System.nanoTime();
        String tokenHash = TokenHash.of(request.token());
        List<Pod> pods = podSet.pods();
        if (pods.size() < config.minPods()) {
            CheckReport report = new CheckReport(Verdict.SYNCED, pods.size(), pods.size(), 0, podSet.generation(),
                    "fewer than check.minPods (" + config.minPods() + ") pods: no replica to sync", List.of());
            done(tokenHash, report, startNanos);
            return Future.succeededFuture(report);
        }
        CheckRun run = new CheckRun(vertx, podSet, startNanos, config.deadlineMs());
        long deadlineNanos = startNanos + config.deadlineMs() * 1_000_000L;
        String credential = settings.credential(request.token());
        boolean originSeen = false;
        for (Pod pod : pods) {
            if (!originSeen && request.origin() != null && pod.matches(request.origin())) {
                originSeen = true;
                run.addKnown(new PodResult(pod, Outcome.SYNCED, 0, 0, 0, true));
            } else {
                run.addProbe(new PodProbe(settings, pod, credential, tokenHash, startNanos, deadlineNanos));
            }
        }
        return run.start().onSuccess(report -> done(tokenHash, report, startNanos));
    }

    /** Closes the HTTP client and its pooled connections. */
    public Future<Void> close() {
        return client.close();
    }

    /** The configuration this engine runs with. */
    public CheckConfig config() {
        return config;
    }

    private void done(String tokenHash, CheckReport report, long startNanos) {
        metrics.checkDone(report, System.nanoTime() - startNanos);
        LOGGER.info("Check done [token: {}] [verdict: {}] [pods: {}] [synced: {}] [ms: {}] [generation: {}]",
                tokenHash, report.verdict().wireName(), report.pods(), report.synced(), report.elapsedMs(), report.generation());
    }
}
