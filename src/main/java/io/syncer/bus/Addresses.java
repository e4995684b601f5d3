package io.syncer.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Every event-bus address syncer uses, in one place. The public ones ({@code syncer.check}, {@code syncer.pods}) carry
 * JSON and may cross a cluster; every internal one is registered with {@code localConsumer} and sent with
 * {@link #local()}, so it never leaves the member.
 */
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

    /**
     * Internal: the registry publishes its {@code RegistryView} (the usable pod set, or why checks are refused) whenever
     * it changes, after every check front has confirmed it (see {@link #FRONT_JOIN}); followers such as zone_sync use it.
     */
    public static final String REGISTRY_VIEW = "syncer.internal.registry.view";

    /**
     * Internal: a check front joins the registry with the address of its own view consumer (a String) and is answered the
     * current {@code RegistryView}. From then on the registry hands each new view to every front and waits for their
     * confirmation before it publishes the pod set on {@link #PODS}: no check that arrives after a {@code syncer.pods}
     * frame of generation G runs on an older set.
     */
    public static final String FRONT_JOIN = "syncer.internal.registry.front-join";

    /** Internal: a check front leaves the registry (its view address as a String) when it stops. */
    public static final String FRONT_LEAVE = "syncer.internal.registry.front-leave";

    /** Internal: ask the registry for the service status JSON (readiness, pod set, discovery watch). */
    public static final String STATUS = "syncer.internal.status";

    /** Internal: tells the registry that syncer is shutting down, so readiness goes false. */
    public static final String DRAIN = "syncer.internal.drain";

    /**
     * Internal: published (local) when syncer starts draining: every HTTP answer then carries Connection: close. Published
     * again with {@code false} for the last moment before the listener closes, so that no client is reconnecting then.
     */
    public static final String DRAINING = "syncer.internal.draining";

    /** Internal: a discovery source reports whether its watches hold, JSON {@code {"watching": true}}. */
    public static final String DISCOVERY_STATUS = "syncer.internal.discovery-status";

    /**
     * Internal: published when a changed config file changed a key that only a restart applies; the body is a JSON array
     * of every such key whose value differs from the config the process started with (empty when the file went back).
     */
    public static final String RESTART_PENDING = "syncer.internal.restart-pending";

    /** Internal: published when a changed config file was validated; the body is the new {@code SyncerConfig}. */
    public static final String CONFIG = "syncer.internal.config";

    private Addresses() {
    }

    /**
     * Delivery for the internal addresses: never onto the cluster, even when another member has the same address
     * (their bodies are local records, and each member answers from its own registry).
     */
    public static DeliveryOptions local() {
        return new DeliveryOptions().setLocalOnly(true).setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE);
    }
}
