package io.syncer.model;

/** How the check of one pod ended. */
public enum Outcome {
    /** The pod answered 200: it knows the token (or it is the origin pod the token was written to). */
    SYNCED("synced"),
    /** The pod answered 401 on every attempt, or no retry could be finished before the deadline. */
    NOT_SYNCED("not_synced"),
    /** The pod answered another status, or could not be reached. */
    FAILED("failed"),
    /** The deadline passed while the pod was still being asked. */
    TIMEOUT("timeout");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
