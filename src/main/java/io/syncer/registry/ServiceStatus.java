package io.syncer.registry;

import io.syncer.model.PodSet;
import io.vertx.core.json.JsonObject;

/**
 * Whether syncer can give true answers: a usable pod set is known (discovery settled, or holding a set it settled on
 * before), discovery's watches hold (or broke less than the grace period ago), and it is not shutting down. A plain class owned by the RegistryVerticle's event loop.
 */
public final class ServiceStatus {

    private final long watchGraceMs;
    private boolean draining;
    private boolean watching = true;
    private long watchBrokenSinceMs;

    public ServiceStatus(long watchGraceMs) {
        this.watchGraceMs = watchGraceMs;
    }

    public void drain() {
        draining = true;
    }

    public void watching(boolean holds, long nowMs) {
        if (holds) {
            watchBrokenSinceMs = 0;
        } else if (watching) {
            watchBrokenSinceMs = nowMs;
        }
        watching = holds;
    }

    /**
     * Ready to answer checks truthfully.
     *
     * @param current the usable pod set, or null when checks are refused
     */
    public boolean ready(PodSet current, long nowMs) {
        return current != null && !draining && (watching || nowMs - watchBrokenSinceMs < watchGraceMs);
    }

    public JsonObject toJson(PodSet current, long nowMs) {
        return new JsonObject()
                .put("ready", ready(current, nowMs))
                .put("podSetKnown", current != null)
                .put("generation", current == null ? null : current.generation())
                .put("pods", current == null ? null : current.size())
                .put("draining", draining)
                .put("watching", watching)
                .put("watchBrokenMs", watching ? null : nowMs - watchBrokenSinceMs);
    }
}
