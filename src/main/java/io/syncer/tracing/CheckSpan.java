package io.syncer.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.syncer.model.CheckReport;
import io.syncer.model.CheckRequest;
import io.syncer.model.TokenHash;

import java.util.function.Supplier;

/**
 * The span of one check ({@code syncer.check}), a child of whatever span is current where the check arrives (the HTTP
 * server span Vert.x opened from the gateway's {@code traceparent}, or the event-bus one). Its attributes say what was
 * asked and answered; the token appears only as its short hash. Pod-request spans are its children: the fan-out
 * takes {@link Context#current()} as their parent while {@link #around} runs.
 */
public final class CheckSpan {

    private static final CheckSpan NONE = new CheckSpan(null);

    private final Span span;

    private CheckSpan(Span span) {
        this.span = span;
    }

    /** Starts the span of {@code request}, or does nothing when {@code tracer} is null (tracing off). */
    public static CheckSpan start(Tracer tracer, CheckRequest request) {
        if (tracer == null) {
            return NONE;
        }
        return new CheckSpan(tracer.spanBuilder("syncer.check").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("syncer.token.hash", TokenHash.of(request.token()))
                .setAttribute("syncer.expect", request.expect().name().toLowerCase(java.util.Locale.ROOT))
                .startSpan());
    }

    /**
     * A check refused before it was admitted (bad input, check.maxInFlight): a {@code syncer.check} span of its own,
     * ended at once with the refusal, so that overload and bad callers show in traces. Nothing when tracing is off.
     *
     * @param request the request when it could be read (its token hash and expectation are recorded), else null
     */
    public static void refusedBeforeAdmission(Tracer tracer, CheckRequest request, int status, String message) {
        if (tracer == null) {
            return;
        }
        CheckSpan span = request != null ? start(tracer, request)
                : new CheckSpan(tracer.spanBuilder("syncer.check").setSpanKind(SpanKind.INTERNAL).startSpan());
        span.span.setAttribute("syncer.refused.before_admission", true);
        span.refused(status, message);
    }

    /** Runs {@code work} with this span current (so that what it starts is its child). */
    public <T> T around(Supplier<T> work) {
        if (span == null) {
            return work.get();
        }
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        }
    }

    /** Ends the span with the answer. */
    public void answered(CheckReport report) {
        if (span != null) {
            span.setAttribute("syncer.verdict", report.verdict().wireName())
                    .setAttribute("syncer.pods", report.pods())
                    .setAttribute("syncer.synced", report.synced())
                    .setAttribute("syncer.generation", report.generation())
                    .setAttribute("syncer.elapsed_ms", report.elapsedMs());
            span.end();
        }
    }

    /** Ends the span with a refusal (its HTTP status and message: never the token). */
    public void refused(int status, String message) {
        if (span != null) {
            span.setAttribute("syncer.refused.status", status).setStatus(StatusCode.ERROR, message);
            span.end();
        }
    }
}
