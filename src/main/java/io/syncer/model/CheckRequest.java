package io.syncer.model;

import io.vertx.core.json.JsonObject;

/**
 * A question: do the gateway's pods know this token yet?
 *
 * @param token the token, never logged in clear
 * @param origin the name or address of the pod the token was written to, or null
 * @param detail whether the answer lists every pod's result
 */
public record CheckRequest(String token, String origin, boolean detail) {

    /**
     * Reads the event-bus form {@code {"token": ..., "origin": ..., "detail": ...}}.
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type
     */
    public static CheckRequest fromJson(JsonObject json) {
        if (json == null) {
            throw new IllegalArgumentException("the request must be a JSON object with a 'token' field");
        }
        Object token = json.getValue("token");
        if (!(token instanceof String) || ((String) token).isBlank()) {
            throw new IllegalArgumentException("'token' is required and must be a non-blank string");
        }
        Object origin = json.getValue("origin");
        if (origin != null && !(origin instanceof String)) {
            throw new IllegalArgumentException("'origin' must be a string");
        }
        Object detail = json.getValue("detail");
        if (detail != null && !(detail instanceof Boolean)) {
            throw new IllegalArgumentException("'detail' must be a boolean");
        }
        String originName = origin == null || ((String) origin).isBlank() ? null : (String) origin;
        return new CheckRequest((String) token, originName, Boolean.TRUE.equals(detail));
    }

    @Override
    public String toString() {
        return "CheckRequest[token=" + TokenHash.of(token) + ", origin=" + origin + ", detail=" + detail + "]";
    }
}
