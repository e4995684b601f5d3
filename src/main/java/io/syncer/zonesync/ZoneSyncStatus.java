package io.syncer.zonesync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * What the last zone_sync poll of every pod found: the pods that are isolated (they see fewer than pods - 1 nodes
 * online, so the tokens written elsewhere cannot reach them) and the largest {@code records_pending} of any zone on any
 * pod. Immutable; {@link #NONE} until polled.
 *
 * @param enabled whether zone_sync is polled at all
 * @param isolated the names of the isolated pods
 * @param polled pods whose status was read in the last round
 * @param maxRecordsPending the largest records_pending seen in the last round
 */
public record ZoneSyncStatus(boolean enabled, Set<String> isolated, int polled, long maxRecordsPending) {

    /** Not polled (check.zoneSync.enabled is false, or no round has finished yet). */
    public static final ZoneSyncStatus NONE = new ZoneSyncStatus(false, Set.of(), 0, 0);

    public ZoneSyncStatus {
        isolated = Set.copyOf(isolated);
    }

    /** For the readiness data. */
    public JsonObject toJson() {
        return new JsonObject().put("enabled", enabled).put("polled", polled)
                .put("isolated", new JsonArray(isolated.stream().sorted().toList())).put("maxRecordsPending", maxRecordsPending);
    }
}
