package io.syncer.check;

import io.syncer.model.Outcome;
import io.syncer.model.Pod;
import io.syncer.model.PodResult;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks one pod, during one check, whether it knows the token: 200 means yes, 401 means not yet and is asked again
 * after the retry delay, anything else means the pod failed. Its future never fails: every end is a
 * {@link PodResult}. Runs entirely on the event loop of the check that created it.
 */
final class PodProbe {

    private static final Logger LOGGER = LoggerFactory.getLogger(PodProbe.class);
    private static final long NO_TIMER = -1;

    private final ProbeSettings settings;
    private final Pod pod;
    private final String credential;
    private final String tokenHash;
    private final long startNanos;
    private final long deadlineNanos;
    private final Promise<PodResult> result = Promise.promise();

    private int attempts;
    private int lastStatus;
    private long retryTimer = NO_TIMER;
    private HttpClientRequest inFlight;

    PodProbe(ProbeSettings settings, Pod pod, String credential, String tokenHash, long startNanos, long deadlineNanos) {
        this.settings = settings;
        this.pod = pod;
        this.credential = credential;
        this.tokenHash = tokenHash;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
    }

    Future<PodResult> start() {
        send();
        return result.future();
    }

    /** Ends the probe as timed out: the pending retry timer is cancelled and the in-flight request is reset. */
    void cancel() {
        if (isDone()) {
            return;
        }
        HttpClientRequest request = inFlight;
        finish(Outcome.TIMEOUT);
        if (retryTimer != NO_TIMER) {
            settings.vertx.cancelTimer(retryTimer);
            retryTimer = NO_TIMER;
        }
        if (request != null) {
            request.reset();
        }
    }

    private boolean isDone() {
        return result.future().isComplete();
    }

    private void send() {
        retryTimer = NO_TIMER;
        attempts++;
        settings.client.request(settings.request(pod, credential)).onComplete(this::onRequest);
    }

    private void onRequest(AsyncResult<HttpClientRequest> created) {
        if (created.failed()) {
            onError(created.cause());
            return;
        }
        HttpClientRequest request = created.result();
        if (isDone()) {
            request.reset();
            return;
        }
        inFlight = request;
        request.send()
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(answered -> {
                    inFlight = null;
                    if (answered.failed()) {
                        onError(answered.cause());
                    } else {
                        onStatus(answered.result());
                    }
                });
    }

    private void onError(Throwable error) {
        if (isDone()) {
            return;
        }
        LOGGER.debug("Pod unreachable [pod: {}] [token: {}] [attempt: {}]: {}", pod.name(), tokenHash, attempts, error.toString());
        finish(Outcome.FAILED);
    }

    private void onStatus(int status) {
        if (isDone()) {
            return;
        }
        lastStatus = status;
        LOGGER.debug("Pod answered [pod: {}] [token: {}] [attempt: {}] [status: {}]", pod.name(), tokenHash, attempts, status);
        if (status == 200) {
            finish(Outcome.SYNCED);
        } else if (status == 401) {
            retryOrGiveUp();
        } else {
            finish(Outcome.FAILED);
        }
    }

    private void retryOrGiveUp() {
        if (attempts >= settings.attempts || System.nanoTime() + settings.retryDelayNanos >= deadlineNanos) {
            finish(Outcome.NOT_SYNCED);
            return;
        }
        long delayMs = Math.max(1, settings.retryDelayNanos / 1_000_000L);
        retryTimer = settings.vertx.setTimer(delayMs, id -> send());
    }

    private void finish(Outcome outcome) {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        result.complete(new PodResult(pod, outcome, lastStatus, attempts, elapsedMs, false));
    }
}
