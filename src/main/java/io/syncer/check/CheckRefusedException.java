package io.syncer.check;

/**
 * A check that cannot be answered with a verdict: bad input (400), no usable pod set or no registry answer (503), or
 * an internal failure (500). Carries the status both fronts answer with: the HTTP status, or the event-bus failure code.
 */
public class CheckRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int retryAfterSeconds;

    public CheckRefusedException(int status, String message) {
        this(status, message, 0);
    }

    /** @param retryAfterSeconds when the caller may try again (an HTTP Retry-After), or 0 */
    public CheckRefusedException(int status, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds after which the caller may try again, or 0 when not said. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
