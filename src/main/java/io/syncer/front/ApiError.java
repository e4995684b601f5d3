package io.syncer.front;

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
        send(response, 0);
    }

    /** Sends this error with a Retry-After header (when {@code retryAfterSeconds} is more than 0). */
    public void send(HttpServerResponse response, int retryAfterSeconds) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (retryAfterSeconds > 0) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(toJson().toBuffer());
    }

    private static String reason(int status) {
        return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
