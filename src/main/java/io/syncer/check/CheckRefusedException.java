package io.syncer.check;

/**
 * A check that cannot be answered with a verdict. Two kinds: a {@link ClientRefusal} is the caller's doing (bad input:
 * 400; the caller went away: 499), a {@link ServerRefusal} is syncer's (no usable pod set, overloaded, no registry
 * answer: 503; an internal failure: 500). Carries the status both fronts answer with: the HTTP status, or the
 * event-bus failure code.
 */
public class CheckRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int retryAfterSeconds;

    CheckRefusedException(int status, String message, int retryAfterSeconds) {
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

    /** Bad input: 400 naming the field. */
    public static ClientRefusal badRequest(String message) {
        return new ClientRefusal(400, message);
    }

    /** The caller went away before the answer (499, never sent). */
    public static ClientRefusal callerGone() {
        return new ClientRefusal(499, "the caller went away");
    }

    /** syncer cannot answer truthfully now: 503. */
    public static ServerRefusal unavailable(String message) {
        return new ServerRefusal(503, message, 0);
    }

    /** syncer is overloaded: 503 with a Retry-After. */
    public static ServerRefusal unavailable(String message, int retryAfterSeconds) {
        return new ServerRefusal(503, message, retryAfterSeconds);
    }

    /** A refusal with the status another member or the registry failed with: the caller's or syncer's by its range. */
    public static CheckRefusedException withStatus(int status, String message) {
        return status < 500 ? new ClientRefusal(status, message) : new ServerRefusal(status, message, 0);
    }

    /** The caller's doing: a 4xx. */
    public static final class ClientRefusal extends CheckRefusedException {
        private static final long serialVersionUID = 1L;

        ClientRefusal(int status, String message) {
            super(status, message, 0);
        }
    }

    /** syncer's doing: a 5xx, possibly with a Retry-After. */
    public static class ServerRefusal extends CheckRefusedException {
        private static final long serialVersionUID = 1L;

        ServerRefusal(int status, String message, int retryAfterSeconds) {
            super(status, message, retryAfterSeconds);
        }
    }
}
