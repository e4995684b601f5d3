package io.syncer.bus;

/** Every event-bus address syncer uses, in one place. */
public final class Addresses {

    /**
     * Public: the token check. Request: JSON {@code {"token": "...", "origin": "...", "detail": false}}; reply: the
     * same JSON as {@code GET /v1/synced}. Failure codes: 400 bad request, 503 pod set not known yet.
     */
    public static final String CHECK = "syncer.check";

    /** Public: published whenever the pod set changes, JSON {@code {"generation": N, "pods": [{name, address}]}}. */
    public static final String PODS = "syncer.pods";

    /** Internal: a discovery source sends the pods it currently sees ({@code DiscoveredPods}) to the registry. */
    public static final String DISCOVERED_PODS = "syncer.internal.discovered-pods";

    /** Internal: ask the registry for the current {@code PodSet}; fails with 503 before the first set is known. */
    public static final String REGISTRY_SNAPSHOT = "syncer.internal.registry.snapshot";

    private Addresses() {
    }
}
