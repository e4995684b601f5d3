package io.syncer.model;

/** How the check of one pod ended, for one caller. */
public enum Outcome {
    /** The pod knows the token (200), or it is the origin the token was written to. */
    SYNCED("synced"),
    /** The pod still did not know the token after every attempt, or no retry could finish before the deadline. */
    NOT_SYNCED("not_synced"),
    /** With expect=absent: the pod no longer knows the token. */
    ABSENT("absent"),
    /** With expect=absent: the pod still knew the token after every attempt. */
    PRESENT("present"),
    /** The pod could not be asked or answered something else (see the result's error). */
    FAILED("failed"),
    /**
     * syncer did not ask the pod because of its own limits (the pod's wait queue for a connection was full, or no request
     * could start before the deadline): never evidence either way.
     */
    NOT_ASKED("not_asked"),
    /** The deadline passed while the pod was still being asked. */
    TIMEOUT("timeout"),
    /** The caller's answer was decided (quorum reached, or out of reach) while the pod was still being asked. */
    CANCELLED("cancelled");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
