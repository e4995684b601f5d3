package io.syncer.testing;

import io.syncer.metrics.SyncerMetrics;

/** A fresh metrics registry per test. */
public final class TestMetrics {

    private TestMetrics() {
    }

    public static SyncerMetrics create() {
        return new SyncerMetrics(SyncerMetrics.newRegistry());
    }
}
