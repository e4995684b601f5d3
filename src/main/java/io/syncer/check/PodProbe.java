package io.syncer.check;

import io.syncer.model.PodError;
import io.syncer.model.Pod;
import io.syncer.pods.BoundedBody;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Asks one pod about one {@link Ask}, for whichever callers still wait for it. Every reply goes to {@code onReply};
 * after a "not yet" it asks again after the backoff delay while {@code budget} allows (some caller still waits, has
 * attempts left, and the retry starts before that caller's deadline), else it goes idle and may be asked again later.
 * A request that cannot even be made (client closed, pool too busy, bad header value) is reported as failed at once,
 * never left to the deadline; one that could not start before the latest waiting caller's deadline is not made (nor
 * queued for a pooled connection past it). Only the status is read, and the body up to {@code maxBodyBytes}
 * (kept when the question needs it): a larger answer fails the pod ({@code too_large}) and its connection is closed. Runs on one event loop; holds no reference to its callers.
 */
final class PodProbe {

    private static final Logger LOGGER = LoggerFactory.getLogger(PodProbe.class);
    private static final long NO_TIMER = -1;

    /**
     * What the callers still waiting for a pod allow.
     *
     * @param deadlineNanos the latest deadline among them
     * @param replyLimit the reply number up to which one of them still has attempts
     */
    record Budget(long deadlineNanos, int replyLimit) {
    }

    private final ProbePlan plan;
    private final Ask ask;
    private final Pod pod;
    private final Consumer<ProbeReply> onReply;
    private final Supplier<Budget> budget;
    /** The check span that pod-request spans are children of, or null when tracing is off. */
    private final io.opentelemetry.context.Context traceParent;
    private io.opentelemetry.api.trace.Span requestSpan;

    private boolean running;
    private int run;
    private int replies;
    private int repliesThisAsk;
    private int lastStatus;
    private ProbeReply last;
    /** The last answer the pod gave (what it holds, for read repair), or null before the first. */
    private PodAnswer lastAnswer;
    /** Whether the next "not yet" is followed by a request at once instead of after the backoff (read repair wrote). */
    private boolean expedite;
    private long retryTimer = NO_TIMER;
    private HttpClientRequest inFlight;
    /** Whether this probe holds one of its pod's places in {@link PodConnections}. */
    private boolean holding;
    /** Whether this probe waits in its pod's queue for a place. */
    private boolean queued;
    private final Runnable startWhenFree = this::startQueued;
    private final int pods;

    PodProbe(ProbePlan plan, Ask ask, Pod pod, int pods, Consumer<ProbeReply> onReply, Supplier<Budget> budget,
             io.opentelemetry.context.Context traceParent) {
        this.plan = plan;
        this.pods = pods;
        this.traceParent = traceParent;
        this.ask = ask;
        this.pod = pod;
        this.onReply = onReply;
        this.budget = budget;
    }

    /** Starts asking, unless already asking. */
    void ask() {
        if (!running) {
            running = true;
            repliesThisAsk = 0;
            send();
        }
    }

    /** Stops at once: the retry timer is cancelled and the in-flight request reset. Reports nothing; may be asked again. */
    void cancel() {
        if (!running) {
            return;
        }
        running = false;
        run++;
        if (retryTimer != NO_TIMER) {
            plan.vertx().cancelTimer(retryTimer);
            retryTimer = NO_TIMER;
        }
        if (queued) {
            queued = false;
            plan.connections().withdraw(pod, startWhenFree);
        }
        if (inFlight != null) {
            inFlight.reset();
            inFlight = null;
            plan.telemetry().meters().podRequestCancelled();
        }
        endRequest();
        endSpan("cancelled", null);
    }

    boolean running() {
        return running;
    }

    /** Whether it waits for its backoff before asking again: nothing of it is in flight. */
    boolean waitingToRetry() {
        return retryTimer != NO_TIMER;
    }

    /** Whether its request waits for one of the pod's connections (not sent yet). */
    boolean waitingForConnection() {
        return queued;
    }

    /**
     * Asks again as soon as it can (the pod was just written to): a retry waiting for its backoff is sent now; an idle
     * probe starts asking; a request in flight is followed at once by another if its answer is still "not yet".
     */
    void askAgainNow() {
        if (!running) {
            ask();
        } else if (retryTimer != NO_TIMER) {
            plan.vertx().cancelTimer(retryTimer);
            send();
        } else {
            expedite = true;
        }
    }

    /** The pod's last answer, or null when it has given none. */
    PodAnswer lastAnswer() {
        return lastAnswer;
    }

    /** Replies had so far, over every ask. */
    int replies() {
        return replies;
    }

    /** The last reply, or null before the first. */
    ProbeReply last() {
        return last;
    }

    private void send() {
        retryTimer = NO_TIMER;
        if (remainingMs() <= 0) {
            notStarted();
            return;
        }
        switch (plan.connections().acquire(pod, pods, startWhenFree)) {
            case NOW -> request();
            case QUEUED -> queued = true;
            case REFUSED -> {
                int thisRun = run;
                plan.vertx().runOnContext(v -> {
                    if (thisRun == run) {
                        LOGGER.debug("Pod not asked [pod: {}] [token: {}] [reply: {}] [error: pool_busy]: {} requests wait for its connections",
                                pod.name(), ask.tokenHash(), replies + 1, plan.connections().waiting());
                        lastStatus = 0;
                        report(ProbeReply.Kind.NOT_ASKED, PodError.POOL_BUSY.wireName(), 0);
                    }
                });
            }
        }
    }

    /** A request to this pod ended and this probe, queued, now holds its place. */
    private void startQueued() {
        queued = false;
        if (remainingMs() <= 0) {
            plan.connections().release(pod);
            notStarted();
            return;
        }
        request();
    }

    private long remainingMs() {
        Budget allowed = budget.get();
        return allowed == null ? 0 : (allowed.deadlineNanos() - System.nanoTime()) / 1_000_000L;
    }

    /**
     * No caller could use the answer any more: a request is never queued behind the deadline. Its callers hear that the
     * pod was not asked ({@code no_time}), which is no evidence about the pod.
     */
    private void notStarted() {
        plan.telemetry().meters().podRequestNotStarted();
        lastStatus = 0;
        report(ProbeReply.Kind.NOT_ASKED, PodError.NO_TIME.wireName(), 0);
    }

    /** Sends, holding one of the pod's places (see {@link PodConnections}) until the request ends. */
    private void request() {
        holding = true;
        int thisRun = run;
        startSpan();
        try {
            // the connect timeout also bounds the wait for a pooled connection
            plan.client().request(plan.question().request(pod, ask.token()).setConnectTimeout(Math.max(1, remainingMs())))
                    .onComplete(created -> onRequest(created, thisRun));
        } catch (RuntimeException e) {
            endRequest();
            plan.vertx().runOnContext(v -> {
                if (thisRun == run) {
                    onError(e);
                }
            });
        }
    }

    /** The request this probe sent ended: its place goes to the next waiting request to this pod. */
    private void endRequest() {
        if (holding) {
            holding = false;
            plan.connections().release(pod);
        }
    }

    private void onRequest(AsyncResult<HttpClientRequest> created, int thisRun) {
        if (thisRun != run) {
            if (created.succeeded()) {
                created.result().exceptionHandler(ignored -> { }).reset();
            }
            return;
        }
        if (created.failed()) {
            endRequest();
            onError(created.cause());
            return;
        }
        HttpClientRequest request = created.result();
        // failures arrive through the futures; a reset after a cancel is normal and needs no log line
        request.exceptionHandler(ignored -> { });
        inFlight = request;
        try {
            request.send().onComplete(sent -> {
                if (thisRun != run) {
                    return;
                }
                if (sent.failed()) {
                    inFlight = null;
                    endRequest();
                    onError(sent.cause());
                } else {
                    read(request, sent.result(), thisRun);
                }
            });
        } catch (RuntimeException e) {
            inFlight = null;
            request.reset();
            endRequest();
            onError(e);
        }
    }

    /** Reads the status, and the body up to the limit (kept only when the question needs it). */
    private void read(HttpClientRequest request, HttpClientResponse response, int thisRun) {
        int status = response.statusCode();
        lastStatus = status;
        BoundedBody body = new BoundedBody(plan.maxBodyBytes(), plan.question().needsBody());
        response.exceptionHandler(error -> {
            if (thisRun == run && inFlight == request) {
                inFlight = null;
                endRequest();
                onError(error);
            }
        });
        response.handler(chunk -> {
            if (thisRun == run && inFlight == request && !body.add(chunk)) {
                inFlight = null;
                request.reset();
                endRequest();
                LOGGER.debug("Pod answer too large [pod: {}] [token: {}] [limit: {} bytes]", pod.name(), ask.tokenHash(), plan.maxBodyBytes());
                report(ProbeReply.Kind.FAILED, PodError.TOO_LARGE.wireName(), 0);
            }
        });
        response.endHandler(end -> {
            if (thisRun == run && inFlight == request) {
                inFlight = null;
                endRequest();
                onAnswer(plan.question().read(status, body.body(), ask));
            }
        });
    }

    /**
     * Logs the error's kind only: an exception's text can quote the request (a refused header quotes its value, the
     * token).
     */
    private void onError(Throwable error) {
        PodError kind = errorKind(error);
        LOGGER.debug("Pod not asked [pod: {}] [token: {}] [reply: {}] [error: {}] [exception: {}]", pod.name(), ask.tokenHash(),
                replies + 1, kind.wireName(), error.getClass().getSimpleName());
        lastStatus = 0;
        // a pool too busy to take the request is syncer's own limit, not the pod's failure
        report(kind.notAsked() ? ProbeReply.Kind.NOT_ASKED : ProbeReply.Kind.FAILED, kind.wireName(), 0);
    }

    private void onAnswer(PodAnswer answer) {
        lastAnswer = answer;
        LOGGER.debug("Pod answered [pod: {}] [token: {}] [reply: {}] [status: {}] [known: {}]", pod.name(), ask.tokenHash(),
                replies + 1, lastStatus, answer.error() == null ? answer.known() : answer.error());
        if (answer.error() != null) {
            report(ProbeReply.Kind.FAILED, answer.error(), 0);
        } else if (ask.expect().satisfiedBy(answer.known())) {
            report(ProbeReply.Kind.REACHED, null, 0);
        } else {
            long delayMs = expedite ? 1 : Math.max(1, plan.backoff().delayMs(repliesThisAsk + 1, ThreadLocalRandom.current().nextDouble()));
            expedite = false;
            long retryAt = System.nanoTime() + delayMs * 1_000_000L;
            int thisRun = run;
            report(ProbeReply.Kind.NOT_YET, null, retryAt);
            if (thisRun != run) {
                return;
            }
            Budget allowed = budget.get();
            if (allowed != null && replies < allowed.replyLimit() && retryAt < allowed.deadlineNanos()) {
                retryTimer = plan.vertx().setTimer(delayMs, id -> send());
            } else {
                running = false;
            }
        }
    }

    private void report(ProbeReply.Kind kind, String error, long retryAtNanos) {
        replies++;
        repliesThisAsk++;
        if (kind != ProbeReply.Kind.NOT_YET) {
            running = false;
        }
        if (kind == ProbeReply.Kind.FAILED || kind == ProbeReply.Kind.NOT_ASKED) {
            ErrorSummary.POD_ERRORS.count(error);
        }
        endSpan(kind.name().toLowerCase(java.util.Locale.ROOT), error);
        last = new ProbeReply(kind, replies, lastStatus, error, System.nanoTime(), retryAtNanos);
        onReply.accept(last);
    }

    /** A child of the check span for the request about to be sent (pod name and attempt; never the token). */
    private void startSpan() {
        if (traceParent != null && plan.telemetry().tracer() != null) {
            requestSpan = plan.telemetry().tracer().spanBuilder("syncer.pod.request")
                    .setParent(traceParent)
                    .setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
                    .setAttribute("syncer.pod.name", pod.name())
                    .setAttribute("syncer.pod.attempt", replies + 1)
                    .startSpan();
        }
    }

    private void endSpan(String reply, String error) {
        if (requestSpan != null) {
            requestSpan.setAttribute("syncer.pod.reply", reply);
            if (lastStatus > 0 && error == null) {
                requestSpan.setAttribute("http.response.status_code", lastStatus);
            }
            if (error != null) {
                requestSpan.setAttribute("error.type", error);
            }
            requestSpan.end();
            requestSpan = null;
        }
    }

    /** What a request's failure means for the pod: tls, connect, reset, pool_busy, timeout, client_closed, bad_request or io. */
    static PodError errorKind(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException) {
                return PodError.TLS;
            }
        }
        if (error instanceof ConnectException) {
            return PodError.CONNECT;
        }
        if (error instanceof StreamResetException || error instanceof HttpClosedException) {
            return PodError.RESET;
        }
        if (error instanceof ConnectionPoolTooBusyException) {
            return PodError.POOL_BUSY;
        }
        if (error instanceof java.util.concurrent.TimeoutException) {
            return PodError.TIMEOUT;
        }
        if (error instanceof IllegalStateException) {
            return PodError.CLIENT_CLOSED;
        }
        if (error instanceof IllegalArgumentException) {
            return PodError.BAD_REQUEST;
        }
        return PodError.IO;
    }
}
