package io.syncer.model;

import java.util.List;

/**
 * What a discovery source sees now: its state, the full list of pods to check (not a delta), and how many pods of the
 * gateway serve in all (during a rollout more than the pods to check).
 *
 * @param source which source saw them (for logs)
 * @param state what the source knows; with anything but SETTLED the pods are empty
 * @param reason why the state is not SETTLED (or a remark on a settled one), or null
 * @param pods the pods to check, in any order
 * @param servingPods every serving pod of the gateway, the pods to check included
 */
public record DiscoveredPods(String source, DiscoveryState state, String reason, List<Pod> pods, int servingPods) {

    public DiscoveredPods {
        pods = List.copyOf(pods);
    }

    /** A settled source whose pods to check are every serving pod; an empty list means no serving pod. */
    public static DiscoveredPods of(String source, List<Pod> pods) {
        return pods.isEmpty() ? state(source, DiscoveryState.NO_PODS, "no serving gateway pods")
                : new DiscoveredPods(source, DiscoveryState.SETTLED, null, pods, pods.size());
    }

    /** A state without pods to check: not known, missing, no pods, or held. */
    public static DiscoveredPods state(String source, DiscoveryState state, String reason) {
        return new DiscoveredPods(source, state, reason, List.of(), 0);
    }
}
