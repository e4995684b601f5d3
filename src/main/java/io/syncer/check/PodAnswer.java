package io.syncer.check;

import io.syncer.model.PodError;

/**
 * What a pod's reply means, apart from whether it was expected.
 *
 * @param known true when the pod knows the token (meaningful when {@code error} is null)
 * @param error what went wrong, or null: connect, reset, io, http_5xx, http_status, bad_body
 * @param keyHeld with the keyval probe: whether the pod holds the key at all (a tombstone or another value counts);
 *                with the token probe: the same as known
 * @param value with the keyval probe: the value the pod holds, or null; never logged
 */
record PodAnswer(boolean known, String error, boolean keyHeld, String value) {

    static final PodAnswer KNOWN = new PodAnswer(true, null, true, null);
    static final PodAnswer UNKNOWN = new PodAnswer(false, null, false, null);

    static PodAnswer error(String error) {
        return new PodAnswer(false, error, false, null);
    }

    /** A keyval pod holding {@code value} for the key; {@code known} says whether that counts as knowing it. */
    static PodAnswer held(boolean known, String value) {
        return new PodAnswer(known, null, true, value);
    }

    /** The error of an unexpected HTTP status. */
    static PodAnswer unexpected(int status) {
        return error(status >= 500 ? PodError.HTTP_5XX.wireName() : PodError.HTTP_STATUS.wireName());
    }

    @Override
    public String toString() {
        return "PodAnswer[known=" + known + ", error=" + error + ", keyHeld=" + keyHeld + "]";
    }
}
