package io.syncer.check;

import io.syncer.model.Outcome;
import io.syncer.model.Pod;
import io.syncer.model.PodResult;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Asks one pod, for one fan-out, until it answers as expected, runs out of attempts, or fails. An answer that is not
 * yet the expected one is asked again after the backoff delay, unless that retry could not start before the fan-out's
 * deadline. Reports exactly one {@link PodResult} to its fan-out, unless cancelled first. Runs on one event loop.
 */
final class PodProbe {

    private static final Logger LOGGER = LoggerFactory.getLogger(PodProbe.class);
    private static final long NO_TIMER = -1;

    private final FanOut fanOut;
    private final int index;
    private final Pod pod;

    private boolean done;
    private int attempts;
    private int lastStatus;
    private long retryTimer = NO_TIMER;
    private HttpClientRequest inFlight;

    PodProbe(FanOut fanOut, int index, Pod pod) {
        this.fanOut = fanOut;
        this.index = index;
        this.pod = pod;
    }

    void start() {
        send();
    }

    /** Stops at once: the pending retry timer is cancelled and the in-flight request is reset. Reports nothing. */
    void cancel() {
        if (done) {
            return;
        }
        done = true;
        if (retryTimer != NO_TIMER) {
            fanOut.vertx().cancelTimer(retryTimer);
            retryTimer = NO_TIMER;
        }
        if (inFlight != null) {
            inFlight.reset();
            inFlight = null;
        }
    }

    private void send() {
        retryTimer = NO_TIMER;
        attempts++;
        fanOut.client().request(fanOut.question().request(pod, fanOut.token())).onComplete(this::onRequest);
    }

    private void onRequest(AsyncResult<HttpClientRequest> created) {
        if (created.failed()) {
            onError(created.cause());
            return;
        }
        HttpClientRequest request = created.result();
        if (done) {
            request.reset();
            return;
        }
        inFlight = request;
        request.send()
                .compose(response -> response.body().map(body -> fanOut.question().read(lastStatus = response.statusCode(), body, fanOut.token())))
                .onComplete(answered -> {
                    inFlight = null;
                    if (answered.failed()) {
                        onError(answered.cause());
                    } else {
                        onAnswer(answered.result());
                    }
                });
    }

    private void onError(Throwable error) {
        if (done) {
            return;
        }
        LOGGER.debug("Pod unreachable [pod: {}] [token: {}] [attempt: {}]: {}", pod.name(), fanOut.tokenHash(), attempts, error.toString());
        finish(Outcome.FAILED, error instanceof ConnectException ? "connect"
                : error instanceof StreamResetException || error instanceof HttpClosedException ? "reset" : "io");
    }

    private void onAnswer(PodAnswer answer) {
        if (done) {
            return;
        }
        LOGGER.debug("Pod answered [pod: {}] [token: {}] [attempt: {}] [status: {}] [known: {}]", pod.name(), fanOut.tokenHash(),
                attempts, lastStatus, answer.error() == null ? answer.known() : answer.error());
        if (answer.error() != null) {
            finish(Outcome.FAILED, answer.error());
        } else if (fanOut.expect().satisfiedBy(answer.known())) {
            finish(fanOut.expect().reached(), null);
        } else {
            retryOrGiveUp();
        }
    }

    private void retryOrGiveUp() {
        long delayMs = fanOut.backoff().delayMs(attempts, ThreadLocalRandom.current().nextDouble());
        if (attempts >= fanOut.maxAttempts() || System.nanoTime() + delayMs * 1_000_000L >= fanOut.deadlineNanos()) {
            finish(fanOut.expect().notReached(), null);
            return;
        }
        retryTimer = fanOut.vertx().setTimer(Math.max(1, delayMs), id -> send());
    }

    private void finish(Outcome outcome, String error) {
        done = true;
        long elapsedMs = (System.nanoTime() - fanOut.startNanos()) / 1_000_000L;
        fanOut.onResult(index, new PodResult(pod, outcome, lastStatus, attempts, elapsedMs, false, error));
    }
}
