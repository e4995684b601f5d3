package io.syncer.model;

import io.vertx.core.json.JsonObject;

/**
 * What one pod said during one check.
 *
 * @param pod the pod asked
 * @param outcome how its check ended
 * @param httpStatus the last HTTP status it answered, 0 if it answered none
 * @param attempts how many requests were sent to it
 * @param elapsedMs milliseconds from the start of the pod's probing to this outcome
 * @param origin true when the pod is the one the token was written to and was therefore not asked
 * @param error with outcome failed: what went wrong (connect, reset, http_5xx, http_status, bad_body), else null
 */
public record PodResult(Pod pod, Outcome outcome, int httpStatus, int attempts, long elapsedMs, boolean origin, String error) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("name", pod.name())
                .put("address", pod.address())
                .put("outcome", outcome.wireName())
                .put("httpStatus", httpStatus == 0 ? null : httpStatus)
                .put("attempts", attempts)
                .put("elapsedMs", elapsedMs);
        if (origin) {
            json.put("origin", true);
        }
        if (error != null) {
            json.put("error", error);
        }
        return json;
    }
}
