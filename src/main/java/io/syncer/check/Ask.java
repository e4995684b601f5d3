package io.syncer.check;

import io.syncer.model.Expectation;

/**
 * The question one fan-out puts to every pod: this token, waiting for this expectation.
 *
 * @param token the token, never logged in clear
 * @param tokenHash its short hash, for logs
 * @param expect present, absent or value
 * @param value with expect value: the value wanted, else null
 */
record Ask(String token, String tokenHash, Expectation expect, String value) {

    @Override
    public String toString() {
        return "Ask[" + tokenHash + ", " + expect + "]";
    }
}
