package io.syncer.registry;

import io.syncer.model.Pod;
import io.syncer.model.PodSet;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The current pod set and its generation. A plain class with no Vert.x and no locks: its owner calls it from
 * one thread (the RegistryVerticle's event loop).
 */
public final class PodRegistry {

    private PodSet current;

    /** The current set, or empty before any discovery source has reported. */
    public Optional<PodSet> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Accepts what discovery sees now.
     *
     * @return the new set, with the next generation, when it differs from the current one; empty when nothing changed
     */
    public Optional<PodSet> update(List<Pod> pods) {
        List<Pod> sorted = pods.stream().sorted(Comparator.comparing(Pod::name).thenComparing(Pod::address)).toList();
        if (current != null && current.pods().equals(sorted)) {
            return Optional.empty();
        }
        current = new PodSet(current == null ? 1 : current.generation() + 1, sorted);
        return Optional.of(current);
    }
}
