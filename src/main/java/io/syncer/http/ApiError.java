package io.syncer.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The JSON body of every error answer: {@code {"status": 400, "error": "Bad Request", "message": "..."}}.
 *
 * @param status the HTTP status
 * @param message what was wrong, naming the header or parameter at fault
 */
public record ApiError(int status, String message) {

    public JsonObject toJson() {
        return new JsonObject().put("status", status).put("error", reason(status)).put("message", message);
    }

    /** Sends this error, unless the client has gone already. */
    public void send(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(toJson().toBuffer());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
