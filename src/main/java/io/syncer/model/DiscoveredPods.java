package io.syncer.model;

import java.util.List;

/**
 * What a discovery source currently sees: the full list of pods to check, not a delta.
 *
 * @param source which source saw them (for logs)
 * @param pods the pods, in any order
 */
public record DiscoveredPods(String source, List<Pod> pods) {

    public DiscoveredPods {
        pods = List.copyOf(pods);
    }
}
