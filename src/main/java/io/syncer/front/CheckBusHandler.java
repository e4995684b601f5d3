package io.syncer.front;

import io.syncer.bus.Addresses;
import io.syncer.check.CheckRefusedException;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.CheckRequest;
import io.vertx.core.Future;
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
    private final SyncerMetrics metrics;

    public CheckBusHandler(CheckService service, SyncerMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public void handle(Message<JsonObject> message) {
        if (message.replyAddress() == null) {
            // published or sent without a reply address: nobody could receive the answer, so no check runs
            metrics.busRequest(Addresses.CHECK, "no_reply_address");
            return;
        }
        long receivedNanos = System.nanoTime();
        CheckRequest request;
        try {
            request = CheckInput.fromJson(message.body(), service.maxDeadlineMs(), receivedNanos);
        } catch (CheckRefusedException e) {
            service.refusedAtInput(e);
            metrics.busRequest(Addresses.CHECK, String.valueOf(e.status()));
            message.fail(e.status(), e.getMessage());
            return;
        }
        service.check(request, Future.<Void>future(never -> { })).onComplete(done -> {
            if (done.succeeded()) {
                metrics.busRequest(Addresses.CHECK, "ok");
                message.reply(done.result().toJson(request.detail()).put("generation", done.result().generation()));
            } else {
                CheckRefusedException refused = Refusals.of(done.cause());
                metrics.busRequest(Addresses.CHECK, String.valueOf(refused.status()));
                message.fail(refused.status(), refused.getMessage());
            }
        });
    }
}
