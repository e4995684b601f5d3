package io.syncer.check;

/**
 * One reply of a pod to a probe (or the failure to get one).
 *
 * @param kind reached (as expected), not yet, failed, or not asked (syncer's own limits)
 * @param number how many replies the probe has had, this one included (over every caller's asks)
 * @param httpStatus the pod's HTTP status, 0 when it gave none
 * @param error with failed: what went wrong, else null
 * @param atNanos when it arrived ({@link System#nanoTime()})
 * @param retryAtNanos with not yet: when the next request would start after the backoff; else 0
 * @param repaired whether syncer wrote the key to this pod during the check (read repair) before this reply
 */
record ProbeReply(Kind kind, int number, int httpStatus, String error, long atNanos, long retryAtNanos, boolean repaired) {

    ProbeReply(Kind kind, int number, int httpStatus, String error, long atNanos, long retryAtNanos) {
        this(kind, number, httpStatus, error, atNanos, retryAtNanos, false);
    }

    /** The same reply, from a pod syncer wrote the key to. */
    ProbeReply asRepaired() {
        return repaired ? this : new ProbeReply(kind, number, httpStatus, error, atNanos, retryAtNanos, true);
    }

    /** What the reply means for the check. */
    enum Kind {
        REACHED, NOT_YET, FAILED,
        /** No request reached the pod because of syncer's own limits (pool_busy, no_time): says nothing of the pod. */
        NOT_ASKED
    }
}
