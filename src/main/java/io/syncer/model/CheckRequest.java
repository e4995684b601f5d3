package io.syncer.model;

/**
 * A question: do the gateway's pods know this token yet (or, with expect=absent, no longer)?
 *
 * @param token the token, never logged in clear
 * @param origin the name or address of the pod the token was written to, or null
 * @param detail whether the answer lists every pod's result
 * @param quorum how many pods must answer as expected
 * @param deadlineMs this check's deadline (already capped by check.maxDeadlineMs), or 0 for check.deadlineMs
 * @param expect what the check waits for
 * @param receivedNanos when the request arrived ({@link System#nanoTime()}): the deadline counts from there
 * @param value with expect=value: the value every pod must hold for the key; else null
 * @param repair whether read repair may write to the pods for this check (check.keyval.repair.enabled; repair=false turns
 *               it off for one check)
 */
public record CheckRequest(String token, String origin, boolean detail, Quorum quorum, int deadlineMs, Expectation expect,
                           long receivedNanos, String value, boolean repair) {

    /** A question read repair may serve (when enabled). */
    public CheckRequest(String token, String origin, boolean detail, Quorum quorum, int deadlineMs, Expectation expect,
                        long receivedNanos, String value) {
        this(token, origin, detail, quorum, deadlineMs, expect, receivedNanos, value, true);
    }

    /** A question without a value (expect present or absent). */
    public CheckRequest(String token, String origin, boolean detail, Quorum quorum, int deadlineMs, Expectation expect,
                        long receivedNanos) {
        this(token, origin, detail, quorum, deadlineMs, expect, receivedNanos, null);
    }

    /** The original's question, arriving now: all pods, the configured deadline, the token present. */
    public CheckRequest(String token, String origin, boolean detail) {
        this(token, origin, detail, Quorum.ALL, 0, Expectation.PRESENT, System.nanoTime(), null);
    }

    @Override
    public String toString() {
        return "CheckRequest[token=" + TokenHash.of(token) + ", origin=" + origin + ", detail=" + detail + ", quorum=" + quorum
                + ", deadlineMs=" + deadlineMs + ", expect=" + expect + (value == null ? "" : ", value=" + TokenHash.of(value)) + "]";
    }
}
