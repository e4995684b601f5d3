package io.syncer.bus;

import io.syncer.check.CheckService;
import io.syncer.check.CheckUnavailableException;
import io.syncer.model.CheckRequest;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The {@link Addresses#CHECK} service for other Vert.x applications: the same check and the same JSON answer as
 * {@code GET /v1/synced}. A bad request fails with code 400, a check that cannot run with 503 (or 500).
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
            Object body = message.body();
            request = CheckRequest.fromJson(body instanceof JsonObject json ? json : null);
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
}
