package io.syncer.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.syncer.config.TracingConfig;

/**
 * The OpenTelemetry SDK syncer runs with when {@code tracing.enabled}: W3C trace context, a parent-based ratio sampler
 * (a sampled gateway trace is always followed), spans batched to an OTLP/HTTP collector. Give it to Vert.x
 * ({@code Vertx.builder().withTracer(new OpenTelemetryTracingFactory(sdk))}) for the HTTP server spans, and its tracer
 * to {@link io.syncer.metrics.Telemetry#withTracer} for the check and pod-request spans.
 */
public final class Tracing {

    /** The instrumentation scope of syncer's own spans. */
    public static final String SCOPE = "io.syncer";

    private Tracing() {
    }

    /** The SDK exporting to {@code config.endpoint()}. */
    public static OpenTelemetrySdk sdk(TracingConfig config) {
        return sdk(config.samplingRatio(), BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                .setEndpoint(config.endpoint()).build()).build());
    }

    /** The SDK with the span processor given (tests use an in-memory exporter). */
    public static OpenTelemetrySdk sdk(double samplingRatio, SpanProcessor processor) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "syncer"))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(samplingRatio)))
                .addSpanProcessor(processor)
                .build();
        return OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }
}
