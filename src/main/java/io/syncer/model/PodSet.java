package io.syncer.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An immutable snapshot of the gateway's pods, numbered by the registry: a higher generation is a newer set.
 *
 * @param generation increases by one with every change the registry accepts
 * @param pods the pods, sorted by name
 */
public record PodSet(long generation, List<Pod> pods) {

    public PodSet {
        pods = List.copyOf(pods);
    }

    public int size() {
        return pods.size();
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        pods.forEach(pod -> array.add(pod.toJson()));
        return new JsonObject().put("generation", generation).put("pods", array);
    }
}
