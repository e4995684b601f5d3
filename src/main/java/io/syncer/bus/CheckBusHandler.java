package io.syncer.bus;

import io.syncer.check.CheckService;
import io.syncer.check.CheckUnavailableException;
import io.syncer.model.CheckParameters;
import io.syncer.model.CheckRequest;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The {@link Addresses#CHECK} service for other Vert.x applications: the same check and the same JSON answer as
 * {@code GET /v1/synced}, plus the pod-set generation. Request fields: {@code token} (required), {@code origin},
 * {@code detail}, {@code min}, {@code deadlineMs}, {@code expect}. A bad request fails with code 400 naming the field,
 * a check that cannot run with 503 (or 500).
 */
public final class CheckBusHandler implements Handler<Message<JsonObject>> {

    private final CheckService service;

    public CheckBusHandler(CheckService service) {
        this.service = service;
    }

    @Override
    public void handle(Message<JsonObject> message) {
        CheckRequest request;
        try {
            request = parse(message.body());
        } catch (IllegalArgumentException e) {
            message.fail(400, e.getMessage());
            return;
        }
        service.check(request).onComplete(done -> {
            if (done.succeeded()) {
                message.reply(done.result().toJson(request.detail()).put("generation", done.result().generation()));
            } else if (done.cause() instanceof CheckUnavailableException unavailable) {
                message.fail(unavailable.status(), unavailable.getMessage());
            } else {
                message.fail(500, "internal error");
            }
        });
    }

    private CheckRequest parse(Object body) {
        if (!(body instanceof JsonObject json)) {
            throw new IllegalArgumentException("the request must be a JSON object with a 'token' field");
        }
        return CheckParameters.parse(
                text(json, "token", false), text(json, "origin", false), flag(json, "detail"), text(json, "min", true),
                text(json, "deadlineMs", true), "deadlineMs", text(json, "expect", false), service.engine().config().maxDeadlineMs());
    }

    private static String text(JsonObject json, String field, boolean numberAllowed) {
        Object value = json.getValue(field);
        if (value == null || value instanceof String || (numberAllowed && value instanceof Number)) {
            return value == null ? null : String.valueOf(value);
        }
        throw new IllegalArgumentException("'" + field + "' must be a " + (numberAllowed ? "number or string" : "string"));
    }

    private static String flag(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        throw new IllegalArgumentException("'" + field + "' must be a boolean");
    }
}
