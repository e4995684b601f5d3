package io.syncer.registry;

import io.syncer.model.DiscoveredPods;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The current pod set, its generation, and what discovery knows. A plain class with no Vert.x and no locks: its owner
 * calls it from one thread (the RegistryVerticle's event loop). A check may run only on a {@link #usable()} set:
 * settled, or held (discovery inconsistent for now) when a set was seen before.
 */
public final class PodRegistry {

    private static final String NOT_KNOWN_YET = "the gateway's pod set is not known yet";

    private PodSet current;
    private DiscoveryState state = DiscoveryState.NOT_KNOWN;
    private String reason = "no successful list from discovery yet";
    private long stateSinceMs;

    public PodRegistry() {
        this(0);
    }

    /** @param nowMs when the registry starts: the "not known" state lasts from then */
    public PodRegistry(long nowMs) {
        this.stateSinceMs = nowMs;
    }

    /**
     * Accepts what discovery sees now.
     *
     * @return the new set, with the next generation, when the pods changed; empty when they did not
     */
    public Optional<PodSet> accept(DiscoveredPods discovered, long nowMs) {
        if (discovered.state() != state || !Objects.equals(discovered.reason(), reason)) {
            stateSinceMs = nowMs;
        }
        state = discovered.state();
        reason = discovered.reason();
        Optional<PodSet> changed = switch (state) {
            case SETTLED -> update(discovered.pods());
            case MISSING, NO_PODS -> current == null ? Optional.empty() : update(List.of());
            case HELD, NOT_KNOWN, FORBIDDEN -> Optional.empty();
        };
        if (current != null) {
            int serving = state == DiscoveryState.SETTLED ? discovered.servingPods()
                    : state == DiscoveryState.HELD ? current.servingPods() : 0;
            current = current.withState(state, reason, serving);
        }
        return changed.map(set -> current);
    }

    /**
     * Numbers a new list of pods to check.
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

    /** The set a check may run on: settled, or held with pods seen before; empty when a check must be refused. */
    public Optional<PodSet> usable() {
        boolean usable = current != null && !current.pods().isEmpty()
                && (state == DiscoveryState.SETTLED || state == DiscoveryState.HELD);
        return usable ? Optional.of(current) : Optional.empty();
    }

    /** Why a check is refused (when {@link #usable()} is empty): names the missing object or the missing pods. */
    public String refusal() {
        return switch (state) {
            case MISSING, FORBIDDEN -> reason;
            case NO_PODS -> reason != null && reason.startsWith("no serving gateway pods") ? reason : "no serving gateway pods: " + reason;
            default -> NOT_KNOWN_YET + (reason == null ? "" : ": " + reason);
        };
    }

    public DiscoveryState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    /** The discovery part of the readiness JSON: state, reason, and how long it has lasted. */
    public JsonObject toJson(long nowMs) {
        return new JsonObject()
                .put("state", state.wireName())
                .put("reason", reason)
                .put("sinceMs", nowMs - stateSinceMs)
                .put("holding", state == DiscoveryState.HELD && usable().isPresent())
                .put("servingPods", current == null ? 0 : current.servingPods());
    }
}
