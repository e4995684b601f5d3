package io.syncer.check;

/** A check could not run at all (no pod set yet, the registry not answering); carries the HTTP status to answer. */
public class CheckUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public CheckUnavailableException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
