package io.syncer.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The answer to one {@link CheckRequest}.
 *
 * @param verdict the overall status
 * @param pods how many pods the check covered
 * @param synced how many of them know the token
 * @param elapsedMs milliseconds the check took
 * @param generation the generation of the pod set the check ran on
 * @param reason why the pods were not asked, or null when they were
 * @param results one entry per pod, in pod-name order (empty when no pod was asked)
 */
public record CheckReport(Verdict verdict, int pods, int synced, long elapsedMs, long generation, String reason,
                          List<PodResult> results) {

    public CheckReport {
        results = List.copyOf(results);
    }

    /** The wire form: {@code status, pods, synced, elapsedMs}, plus generation and results when asked for detail. */
    public JsonObject toJson(boolean detail) {
        JsonObject json = new JsonObject()
                .put("status", verdict.wireName())
                .put("pods", pods)
                .put("synced", synced)
                .put("elapsedMs", elapsedMs);
        if (reason != null) {
            json.put("reason", reason);
        }
        if (detail) {
            JsonArray array = new JsonArray();
            results.forEach(result -> array.add(result.toJson()));
            json.put("generation", generation).put("results", array);
        }
        return json;
    }
}
