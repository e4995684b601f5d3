package io.syncer.model;

import java.util.Locale;

/**
 * What a check waits for: the token to be known by the pods (present, the original's question), to be gone from
 * them (absent: NGINX Plus does not sync keyval deletes, so a deleted token lingers until it expires; a tombstone value
 * does sync), or (keyval probe) to be held with a given value by them (value; verdicts as for present).
 */
public enum Expectation {
    PRESENT(Outcome.SYNCED, Outcome.NOT_SYNCED, Verdict.SYNCED, Verdict.NOT_SYNCED),
    VALUE(Outcome.SYNCED, Outcome.NOT_SYNCED, Verdict.SYNCED, Verdict.NOT_SYNCED),
    ABSENT(Outcome.ABSENT, Outcome.PRESENT, Verdict.ABSENT, Verdict.PRESENT);

    private final Outcome reached;
    private final Outcome notReached;
    private final Verdict all;
    private final Verdict none;

    Expectation(Outcome reached, Outcome notReached, Verdict all, Verdict none) {
        this.reached = reached;
        this.notReached = notReached;
        this.all = all;
        this.none = none;
    }

    /** The pod's outcome when it answered as expected. */
    public Outcome reached() {
        return reached;
    }

    /** The pod's outcome when it never answered as expected. */
    public Outcome notReached() {
        return notReached;
    }

    /** The verdict when enough pods answered as expected. */
    public Verdict all() {
        return all;
    }

    /** The verdict when no pod answered as expected. */
    public Verdict none() {
        return none;
    }

    /** Whether a pod that knows the token ({@code known}) answered as expected. */
    public boolean satisfiedBy(boolean known) {
        return this == ABSENT ? !known : known;
    }

    /**
     * Reads the {@code expect} parameter: present (the default), absent or value.
     *
     * @throws IllegalArgumentException naming the parameter
     */
    public static Expectation parse(String value) {
        if (value == null || value.isBlank()) {
            return PRESENT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'expect' must be present, absent or value, got '" + value + "'");
        }
    }
}
