package io.syncer.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An immutable snapshot of the gateway's pods, numbered by the registry: a higher generation is a newer set. It also
 * says what discovery knew when the snapshot was taken, which decides whether a check may skip asking.
 *
 * @param generation increases by one with every change of the pods the registry accepts
 * @param pods the pods to check, sorted by name
 * @param state SETTLED, or HELD when discovery is inconsistent for now and this is the last set it settled on
 * @param reason why the set is held, or null
 * @param servingPods how many pods of the gateway serve in all (at least the pods to check when settled)
 */
public record PodSet(long generation, List<Pod> pods, DiscoveryState state, String reason, int servingPods) {

    public PodSet {
        pods = List.copyOf(pods);
    }

    /** A settled set whose every serving pod is checked. */
    public PodSet(long generation, List<Pod> pods) {
        this(generation, pods, DiscoveryState.SETTLED, null, pods.size());
    }

    public int size() {
        return pods.size();
    }

    /** True when discovery positively knows this set (not held through an inconsistent moment). */
    public boolean settled() {
        return state == DiscoveryState.SETTLED;
    }

    /** The same pods and generation under another discovery state. */
    public PodSet withState(DiscoveryState nextState, String nextReason, int nextServingPods) {
        return new PodSet(generation, pods, nextState, nextReason, nextServingPods);
    }

    /** The wire form published on {@code syncer.pods}: generation, pods and the discovery state. */
    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        pods.forEach(pod -> array.add(pod.toJson()));
        JsonObject json = new JsonObject().put("generation", generation).put("pods", array).put("state", state.wireName());
        if (reason != null) {
            json.put("reason", reason);
        }
        return json;
    }
}
