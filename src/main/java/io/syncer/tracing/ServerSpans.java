package io.syncer.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.http.HttpServerRequest;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP server span of each request, by OpenTelemetry's HTTP conventions: named {@code METHOD route} (the method
 * alone for a path syncer does not serve), a child of the caller's W3C {@code traceparent}, with
 * {@code http.response.status_code} as an integer (as on the pod-request spans) and the status ERROR on a 5xx answer.
 * The query is recorded with every value but the harmless ones redacted ({@code value=} can carry a key's value).
 * Health, metrics, the status page and the document are not traced unless {@code tracing.operationalEndpoints}: they are
 * polled every few seconds. (Vert.x's own server spans are off: they were named {@code GET}, with a string status code.)
 */
public final class ServerSpans {

    /** The routes syncer serves, each its span's name after the method. */
    private static final Set<String> ROUTES = Set.of("/v1/synced", "/v1/propagation", "/v1/status", "/health/live", "/health/ready",
            "/metrics", "/openapi.yaml", "/");
    private static final Set<String> OPERATIONAL = Set.of("/health/live", "/health/ready", "/metrics", "/openapi.yaml", "/");
    /** Query parameters whose values say nothing secret. */
    private static final Set<String> CLEAR_PARAMETERS = Set.of("detail", "min", "deadlineMs", "expect");
    private static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private final Supplier<Tracer> tracer;
    private final boolean operational;

    /**
     * @param tracer the tracer of the moment (null while tracing is off)
     * @param operational trace the operational endpoints too
     */
    public ServerSpans(Supplier<Tracer> tracer, boolean operational) {
        this.tracer = tracer;
        this.operational = operational;
    }

    /** The span of {@code request}, started; null when tracing is off or the path is not traced. */
    public Span start(HttpServerRequest request) {
        Tracer current = tracer.get();
        String path = request.path();
        if (current == null || (!operational && OPERATIONAL.contains(path))) {
            return null;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
        String method = request.method().name();
        boolean routed = ROUTES.contains(path);
        var builder = current.spanBuilder(routed ? method + " " + path : method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", path)
                .setAttribute("url.scheme", request.isSSL() ? "https" : "http");
        if (routed) {
            builder.setAttribute("http.route", path);
        }
        if (request.query() != null && !request.query().isEmpty()) {
            builder.setAttribute("url.query", redact(request.query()));
        }
        return builder.startSpan();
    }

    /** Ends {@code span} with the status answered: ERROR for a 5xx. */
    public static void end(Span span, int status) {
        span.setAttribute(STATUS_CODE, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** {@code a=1&value=secret} becomes {@code a=1&value=REDACTED}: only the harmless parameters keep their values. */
    static String redact(String query) {
        StringBuilder redacted = new StringBuilder();
        for (String pair : query.split("&")) {
            if (redacted.length() > 0) {
                redacted.append('&');
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            redacted.append(name);
            if (equals >= 0) {
                redacted.append('=').append(CLEAR_PARAMETERS.contains(name) ? pair.substring(equals + 1) : "REDACTED");
            }
        }
        return redacted.toString();
    }
}
