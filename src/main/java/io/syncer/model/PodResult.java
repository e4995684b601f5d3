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
 * @param learnedAfterMs when the pod did not know the token at its first attempt and knew it later: how long after the
 *                       check's start it knew it; else null
 * @param isolated the pod was isolated (zone_sync) and the check did not wait for it
 * @param repaired syncer wrote the key to the pod during the check (read repair, check.keyval.repair.enabled)
 */
public record PodResult(Pod pod, Outcome outcome, int httpStatus, int attempts, long elapsedMs, boolean origin, String error,
                        Long learnedAfterMs, boolean isolated, boolean repaired) {

    public PodResult(Pod pod, Outcome outcome, int httpStatus, int attempts, long elapsedMs, boolean origin, String error,
                     Long learnedAfterMs, boolean isolated) {
        this(pod, outcome, httpStatus, attempts, elapsedMs, origin, error, learnedAfterMs, isolated, false);
    }

    public PodResult(Pod pod, Outcome outcome, int httpStatus, int attempts, long elapsedMs, boolean origin, String error) {
        this(pod, outcome, httpStatus, attempts, elapsedMs, origin, error, null, false);
    }

    public PodResult(Pod pod, Outcome outcome, int httpStatus, int attempts, long elapsedMs, boolean origin, String error,
                     Long learnedAfterMs) {
        this(pod, outcome, httpStatus, attempts, elapsedMs, origin, error, learnedAfterMs, false);
    }

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
        if (learnedAfterMs != null) {
            json.put("learnedAfterMs", learnedAfterMs);
        }
        if (isolated) {
            json.put("isolated", true);
        }
        if (repaired) {
            json.put("repaired", true);
        }
        return json;
    }
}
