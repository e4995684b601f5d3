package io.syncer.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The answer to one {@link CheckRequest}.
 *
 * @param verdict the overall status
 * @param pods how many pods the check covered
 * @param synced how many of them answered as expected (know the token; with expect=absent, no longer know it)
 * @param required how many had to, or null when no quorum was asked for (all pods)
 * @param elapsedMs milliseconds the check took
 * @param deadlineMs the deadline the check ran under
 * @param generation the generation of the pod set the check ran on
 * @param reason why the pods were not (all) asked, or null
 * @param results one entry per pod, in pod-name order (empty when no pod was asked)
 * @param discovery what discovery knew of the pod set the check ran on: settled, or held
 * @param discoveryReason why the set was held, or null
 * @param retryAfterMs with Partialy or Timeout: the time the missing pods most likely still need, from the recent
 *                     propagation waits; null when there is no such data
 */
public record CheckReport(Verdict verdict, int pods, int synced, Integer required, long elapsedMs, int deadlineMs,
                          long generation, String reason, List<PodResult> results, DiscoveryState discovery,
                          String discoveryReason, Long retryAfterMs) {

    public CheckReport(Verdict verdict, int pods, int synced, Integer required, long elapsedMs, int deadlineMs,
                       long generation, String reason, List<PodResult> results, DiscoveryState discovery,
                       String discoveryReason) {
        this(verdict, pods, synced, required, elapsedMs, deadlineMs, generation, reason, results, discovery, discoveryReason, null);
    }

    public CheckReport {
        results = List.copyOf(results);
    }

    /**
     * The wire form: {@code status, pods, synced, elapsedMs} as the original; {@code required} with a quorum;
     * {@code reason} when no pod was asked; generation, deadlineMs, results and the discovery state (with its reason
     * when the set was held) with detail.
     */
    public JsonObject toJson(boolean detail) {
        JsonObject json = new JsonObject()
                .put("status", verdict.wireName())
                .put("pods", pods)
                .put("synced", synced)
                .put("elapsedMs", elapsedMs);
        if (required != null) {
            json.put("required", required);
        }
        if (reason != null) {
            json.put("reason", reason);
        }
        if (retryAfterMs != null) {
            json.put("retryAfterMs", retryAfterMs);
        }
        if (detail) {
            JsonArray array = new JsonArray();
            results.forEach(result -> array.add(result.toJson()));
            json.put("generation", generation).put("deadlineMs", deadlineMs).put("results", array);
            JsonObject discoveryJson = new JsonObject().put("state", discovery.wireName());
            if (discoveryReason != null) {
                discoveryJson.put("reason", discoveryReason);
            }
            json.put("discovery", discoveryJson);
        }
        return json;
    }
}
