package io.syncer.check;

import io.syncer.config.KeyvalRepairConfig;
import io.syncer.model.Pod;
import io.syncer.metrics.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The writes of read repair for one engine (one event loop): through the NGINX Plus API on the probes' own client
 * (same TLS, same pool), with the {@code Authorization} value of {@code check.keyval.repair.authorizationFile} (re-read
 * when it changes, never logged). A pod that refuses writes (403, 405: the API location has {@code write=off}, or the
 * credentials are wrong) is not written again for a while (30 s, doubling up to 10 min) and is named in one WARN per
 * refusal, with the hint. Counted in {@code syncer_keyval_repairs_total{result}}; a span per write.
 */
final class RepairWrites {

    private static final Logger LOGGER = LoggerFactory.getLogger(RepairWrites.class);
    private static final long FIRST_BACKOFF_MS = 30_000;
    private static final long MAX_BACKOFF_MS = 600_000;
    private static final long FILE_SCAN_MS = 2_000;

    /** How one write ended. */
    enum Result {
        /** 201 to a POST, 204 to a PATCH: the pod holds what was written. */
        WRITTEN,
        /** 409 to a POST (the key arrived meanwhile), 404 to a PATCH (the key is gone): read again. */
        EXISTS,
        /** 403 or 405: the pod does not take writes (backed off). */
        REFUSED,
        /** Any other status, or no answer. */
        FAILED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A pod that refused a write: not written again before {@code untilMillis}. */
    private record Refusal(long untilMillis, long backoffMs) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final KeyvalQuestion question;
    private final KeyvalRepairConfig config;
    private final Telemetry telemetry;
    private final Map<String, Refusal> refusals = new HashMap<>();
    private volatile String authorization;
    private long fileTimer = -1;

    RepairWrites(Vertx vertx, HttpClient client, KeyvalQuestion question, KeyvalRepairConfig config, Telemetry telemetry) {
        this.vertx = vertx;
        this.client = client;
        this.question = question;
        this.config = config;
        this.telemetry = telemetry;
        if (config.authorizationFile() != null) {
            authorization = readBlocking(config.authorizationFile());
            fileTimer = vertx.setPeriodic(FILE_SCAN_MS, id -> vertx.fileSystem().readFile(config.authorizationFile())
                    .onSuccess(content -> authorization = trimmed(content))
                    .onFailure(error -> LOGGER.debug("check.keyval.repair.authorizationFile not readable: {}", error.getClass().getSimpleName())));
        }
    }

    KeyvalRepairConfig config() {
        return config;
    }

    /** The tombstone a revocation writes (the first of check.keyval.revokedValues), or null when none is configured. */
    String tombstone() {
        return question.tombstone();
    }

    /** Whether {@code pod} refused a write lately (it is not written again until its backoff ends). */
    boolean refusing(Pod pod) {
        Refusal refusal = refusals.get(pod.address());
        return refusal != null && System.currentTimeMillis() < refusal.untilMillis();
    }

    /**
     * The value {@code pod} holds for the key, when it holds one that counts as known (not a tombstone), else null.
     * Never fails.
     */
    Future<String> readValue(Pod pod, Ask ask, long timeoutMs) {
        RequestOptions options = question.request(pod, ask.token()).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
        return client.request(options)
                .compose(request -> request.send().compose(response -> response.body()
                        .map(body -> question.read(response.statusCode(), body, new Ask(ask.token(), ask.tokenHash(),
                                io.syncer.model.Expectation.PRESENT, null)))))
                .map(answer -> answer.known() ? answer.value() : null)
                .otherwise((String) null);
    }

    /**
     * Writes {@code value} for the key to {@code pod}: POST adds it where it is missing, PATCH replaces it (a tombstone).
     * The result is also counted; {@code onRequest} gets the request so that the caller can reset it.
     */
    Future<Result> write(Pod pod, HttpMethod method, Ask ask, String value, long timeoutMs,
                         io.opentelemetry.context.Context traceParent, java.util.function.Consumer<HttpClientRequest> onRequest) {
        io.opentelemetry.api.trace.Span span = traceParent == null || telemetry.tracer() == null ? null
                : telemetry.tracer().spanBuilder("syncer.pod.repair").setParent(traceParent)
                .setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
                .setAttribute("syncer.pod.name", pod.name()).setAttribute("http.request.method", method.name()).startSpan();
        RequestOptions options = question.write(pod, method).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
        String credentials = authorization;
        if (credentials != null && !credentials.isEmpty()) {
            options.putHeader("Authorization", credentials);
        }
        Buffer body = new JsonObject().put(ask.token(), value).toBuffer();
        Promise<Result> result = Promise.promise();
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                result.complete(Result.FAILED);
                return;
            }
            HttpClientRequest request = created.result();
            request.exceptionHandler(ignored -> { });
            onRequest.accept(request);
            request.send(body).compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(answered -> result.complete(answered.failed() ? Result.FAILED
                            : resultOf(method, answered.result(), pod, ask)));
        });
        return result.future().onSuccess(done -> {
            telemetry.meters().keyvalRepair(done.wireName());
            telemetry.board().keyvalRepair(done.wireName());
            if (done == Result.WRITTEN) {
                refusals.remove(pod.address());
            }
            if (span != null) {
                span.setAttribute("syncer.repair.result", done.wireName());
                span.end();
            }
        });
    }

    private Result resultOf(HttpMethod method, int status, Pod pod, Ask ask) {
        if (status == 201 || status == 204 || (status == 200 && method == HttpMethod.PATCH)) {
            LOGGER.debug("Pod repaired [pod: {}] [token: {}] [method: {}]", pod.name(), ask.tokenHash(), method);
            return Result.WRITTEN;
        }
        if ((status == 409 && method == HttpMethod.POST) || (status == 404 && method == HttpMethod.PATCH)) {
            return Result.EXISTS;
        }
        if (status == 403 || status == 405 || status == 401) {
            Refusal before = refusals.get(pod.address());
            long backoffMs = before == null ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, before.backoffMs() * 2);
            refusals.put(pod.address(), new Refusal(System.currentTimeMillis() + backoffMs, backoffMs));
            LOGGER.warn("Pod refused a keyval write, not written again for {} s [pod: {}] [status: {}]: the NGINX Plus API location "
                    + "must allow writes (api write=on) and take syncer's credentials (check.keyval.repair.authorizationFile)",
                    backoffMs / 1000, pod.name(), status);
            return Result.REFUSED;
        }
        return Result.FAILED;
    }

    void close() {
        if (fileTimer != -1) {
            vertx.cancelTimer(fileTimer);
        }
    }

    private static String readBlocking(String file) {
        try {
            return trimmed(Buffer.buffer(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file))));
        } catch (java.io.IOException e) {
            LOGGER.warn("check.keyval.repair.authorizationFile cannot be read ({}): writes go without credentials until it can",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    private static String trimmed(Buffer content) {
        return content.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
