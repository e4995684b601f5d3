package io.syncer.model;

/**
 * Every reason a pod has no usable answer, in one place: the {@code error} of a failed or not asked {@link PodResult},
 * the {@code reason} label of {@code syncer_pod_errors_total}, and the OpenAPI document's enum.
 */
public enum PodError {
    /** The connection was refused or could not be made. */
    CONNECT("connect"),
    /** The TLS handshake failed (certificate, host name, protocol). */
    TLS("tls"),
    /** The connection was reset or closed before the answer. */
    RESET("reset"),
    /** No connection within the deadline. */
    TIMEOUT("timeout"),
    /** syncer's own limit: the pod's queue for a connection was full. Outcome not_asked. */
    POOL_BUSY("pool_busy"),
    /** syncer's own limit: the pod's request could not start before the deadline. Outcome not_asked. */
    NO_TIME("no_time"),
    /** The pod client was closed (a reload retired its engine). */
    CLIENT_CLOSED("client_closed"),
    /** The request could not be made (a header value the HTTP client refuses). */
    BAD_REQUEST("bad_request"),
    /** Any other I/O failure. */
    IO("io"),
    /** The pod answered 5xx. */
    HTTP_5XX("http_5xx"),
    /** The pod answered a status that means neither known nor not yet. */
    HTTP_STATUS("http_status"),
    /** The pod's body could not be read as the question expects (keyval JSON). */
    BAD_BODY("bad_body"),
    /** The pod's body passed check.pod.maxBodyBytes. */
    TOO_LARGE("too_large");

    private final String wireName;

    PodError(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether it is syncer's own limit (the pod was not asked), not the pod's failure. */
    public boolean notAsked() {
        return this == POOL_BUSY || this == NO_TIME;
    }
}
