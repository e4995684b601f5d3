package io.syncer.model;

/** The answer of one check, spelled on the wire exactly as the original service spelled it. */
public enum Verdict {
    /** Every pod (or the required quorum) knows the token. */
    SYNCED("Synced"),
    /** Some pods are as expected, not enough (the misspelling is kept for wire compatibility). */
    PARTIALY("Partialy"),
    /** No pod knows the token. */
    NOT_SYNCED("NotSynced"),
    /** With expect=absent: no pod (or not the required quorum) knows the token any more. */
    ABSENT("Absent"),
    /** With expect=absent: every pod still knows the token. */
    PRESENT("Present"),
    /** The deadline passed before the answer was decided. */
    TIMEOUT("Timeout");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
