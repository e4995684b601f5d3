package io.syncer.check;

import io.syncer.model.PodError;
/**
 * What a pod's reply means, apart from whether it was expected.
 *
 * @param known true when the pod knows the token (meaningful when {@code error} is null)
 * @param error what went wrong, or null: connect, reset, io, http_5xx, http_status, bad_body
 */
record PodAnswer(boolean known, String error) {

    static final PodAnswer KNOWN = new PodAnswer(true, null);
    static final PodAnswer UNKNOWN = new PodAnswer(false, null);

    static PodAnswer error(String error) {
        return new PodAnswer(false, error);
    }

    /** The error of an unexpected HTTP status. */
    static PodAnswer unexpected(int status) {
        return error(status >= 500 ? PodError.HTTP_5XX.wireName() : PodError.HTTP_STATUS.wireName());
    }
}
