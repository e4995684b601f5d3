package io.syncer.registry;

import io.syncer.model.PodSet;
import io.vertx.core.json.JsonObject;

/**
 * Whether syncer can give true answers: a usable pod set is known (discovery settled, or holding a set it settled on
 * before), discovery's watches hold (or broke less than the grace period ago), and it is not shutting down. Past the grace
 * the pod set is stale: checks are refused too. A plain class owned by the RegistryVerticle's event loop.
 */
public final class ServiceStatus {

    private final long watchGraceMs;
    private boolean draining;
    private boolean watching = true;
    private String watchState = "starting";
    private long watchBrokenSinceMs;

    public ServiceStatus(long watchGraceMs) {
        this.watchGraceMs = watchGraceMs;
    }

    public void drain() {
        draining = true;
    }

    /** Whether the watches broke longer ago than the grace: the pod set can no longer be trusted to be current. */
    public boolean stale(long nowMs) {
        return !watching && nowMs - watchBrokenSinceMs >= watchGraceMs;
    }

    /** When a broken watch makes the pod set stale, or 0 while the watches hold. */
    public long staleAtMs() {
        return watching ? 0 : watchBrokenSinceMs + watchGraceMs;
    }

    /** Why checks are refused while {@link #stale}. */
    public String staleReason(long nowMs) {
        // names the moment the watch broke, not a running duration: the refusal stays the same while it lasts
        return "pod set stale since " + java.time.Instant.ofEpochMilli(watchBrokenSinceMs) + ": a Kubernetes watch has been down"
                + " longer than discovery.kubernetes.watchGraceMs (" + watchGraceMs + " ms)";
    }

    /** What discovery's watches do: starting (not every one has opened yet), holding, or down. */
    public void watchState(String state) {
        watchState = state;
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
                .put("watch", watchState)
                .put("watchBrokenMs", watching ? null : nowMs - watchBrokenSinceMs);
    }
}
