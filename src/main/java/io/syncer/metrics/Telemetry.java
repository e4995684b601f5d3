package io.syncer.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;

/**
 * What one syncer's checks report to, one object per concern, made together by the deployer and handed as parts to
 * whatever records them: the meters, the status page's recent past, the propagation window, and the tracer.
 *
 * @param meters the Micrometer meters (counters, timers, gauges)
 * @param board the recent past for the live status page
 * @param propagation how long tokens take to reach the pods (histogram and recent window)
 * @param tracer where check and pod-request spans go, or null when tracing is off (so that nothing is built per check)
 */
public record Telemetry(SyncerMetrics meters, StatusBoard board, Propagation propagation, Tracer tracer) {

    /** Fresh meters in {@code registry}, an empty board and window, no tracer. */
    public static Telemetry of(MeterRegistry registry) {
        return new Telemetry(new SyncerMetrics(registry), new StatusBoard(), new Propagation(registry), null);
    }

    /** The same parts, with check and pod-request spans going to {@code tracer} (tracing.enabled, or a host's tracer). */
    public Telemetry withTracer(Tracer tracer) {
        return new Telemetry(meters, board, propagation, tracer);
    }

    /** Removes every syncer meter from the registry (see {@link SyncerMetrics#close()}). */
    public void close() {
        meters.close();
    }
}
