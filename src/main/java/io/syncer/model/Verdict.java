package io.syncer.model;

/** The answer of one check, spelled on the wire exactly as the original service spelled it. */
public enum Verdict {
    /** Every pod knows the token. */
    SYNCED("Synced"),
    /** Some pods know the token, others do not (the misspelling is kept for wire compatibility). */
    PARTIALY("Partialy"),
    /** No pod knows the token. */
    NOT_SYNCED("NotSynced"),
    /** The deadline passed before every pod had answered. */
    TIMEOUT("Timeout");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
