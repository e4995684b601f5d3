package io.syncer.zonesync;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest {@link ZoneSyncStatus}, written by the {@link ZoneSyncVerticle} and read by every check front and by the
 * readiness check and gauges: one immutable snapshot behind a volatile reference, so a check reads it without a lock
 * or a message.
 */
public final class ZoneSyncHealth {

    private final AtomicReference<ZoneSyncStatus> latest = new AtomicReference<>(ZoneSyncStatus.NONE);

    public ZoneSyncStatus latest() {
        return latest.get();
    }

    void update(ZoneSyncStatus status) {
        latest.set(status);
    }
}
