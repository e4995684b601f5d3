package io.syncer.model;

/**
 * What discovery knows about the gateway's pods. Only {@link #SETTLED} and {@link #HELD} (with a set seen before) let a
 * check run; the others are answered 503 and make readiness DOWN.
 */
public enum DiscoveryState {
    /** No successful list yet: nothing is known. */
    NOT_KNOWN("not_known"),
    /** The configured Deployment or Service does not exist. */
    MISSING("missing"),
    /** It exists but no pod serves. */
    NO_PODS("no_pods"),
    /**
     * The service account may not list or watch a resource discovery needs (the API server answered 401 or 403): a
     * configuration error, not a blip. Checks are refused until the permission appears.
     */
    FORBIDDEN("forbidden"),
    /** The objects are inconsistent for now (a rollout in flight, a controller lagging): the last pod set is held. */
    HELD("held"),
    /** The pods to check are known. */
    SETTLED("settled");

    private final String wireName;

    DiscoveryState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
