package io.syncer.front;

import io.syncer.check.CheckRefusedException;
import io.syncer.config.HttpConfig;
import io.syncer.model.CheckRequest;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/synced}: the token in a header; {@code detail}, {@code min}, {@code deadlineMs} (or the
 * {@code X-Sync-Deadline-Ms} header) and {@code expect} as query parameters; the verdict as JSON. A gateway that
 * closes the connection before the answer cancels its check.
 */
final class SyncedHandler implements Handler<RoutingContext> {

    private static final String JSON = "application/json";

    private final CheckService service;
    private final HttpConfig http;

    SyncedHandler(CheckService service, HttpConfig http) {
        this.service = service;
        this.http = http;
    }

    @Override
    public void handle(RoutingContext context) {
        long receivedNanos = System.nanoTime();
        HttpServerResponse response = context.response();
        CheckRequest check;
        try {
            check = CheckInput.fromHttp(context.request(), http, service.maxDeadlineMs(), receivedNanos);
        } catch (CheckRefusedException e) {
            service.refusedAtInput(e);
            new ApiError(e.status(), e.getMessage()).send(response);
            return;
        }
        Promise<Void> callerGone = Promise.promise();
        response.closeHandler(closed -> callerGone.tryComplete());
        service.check(check, callerGone.future()).onComplete(done -> {
            if (done.succeeded()) {
                if (!response.closed()) {
                    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(done.result().toJson(check.detail()).toBuffer());
                }
            } else {
                CheckRefusedException refused = Refusals.of(done.cause());
                new ApiError(refused.status(), refused.getMessage()).send(response, refused.retryAfterSeconds());
            }
        });
    }
}
