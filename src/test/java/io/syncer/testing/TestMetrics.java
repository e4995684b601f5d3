package io.syncer.testing;

import io.syncer.metrics.SyncerMetrics;
import io.syncer.metrics.Telemetry;

/** A fresh metrics registry per test. */
public final class TestMetrics {

    private TestMetrics() {
    }

    /** Meters, status board and propagation window in a fresh registry, no tracer. */
    public static Telemetry create() {
        return Telemetry.of(SyncerMetrics.newRegistry());
    }

    /** Only the meters, for the verticles that count (registry, discovery). */
    public static SyncerMetrics meters() {
        return create().meters();
    }
}
