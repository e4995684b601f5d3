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
