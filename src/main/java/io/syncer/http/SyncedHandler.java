package io.syncer.http;

import io.syncer.check.CheckService;
import io.syncer.check.CheckUnavailableException;
import io.syncer.config.HttpConfig;
import io.syncer.model.CheckParameters;
import io.syncer.model.CheckRequest;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/synced}: the token in a header; {@code detail}, {@code min}, {@code deadlineMs} (or the
 * {@code X-Sync-Deadline-Ms} header) and {@code expect} as query parameters; the verdict as JSON.
 */
final class SyncedHandler implements Handler<RoutingContext> {

    static final String DEADLINE_HEADER = "X-Sync-Deadline-Ms";
    private static final Logger LOGGER = LoggerFactory.getLogger(SyncedHandler.class);
    private static final String JSON = "application/json";

    private final CheckService service;
    private final String tokenHeader;
    private final String originHeader;

    SyncedHandler(CheckService service, HttpConfig config) {
        this.service = service;
        this.tokenHeader = config.tokenHeader();
        this.originHeader = config.originHeader();
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        String token = request.getHeader(tokenHeader);
        if (token == null || token.isBlank()) {
            new ApiError(400, "the token is missing: send it in the " + tokenHeader + " header").send(response);
            return;
        }
        CheckRequest check;
        try {
            boolean fromQuery = request.getParam("deadlineMs") != null;
            check = CheckParameters.parse(token, request.getHeader(originHeader), request.getParam("detail"), request.getParam("min"),
                    fromQuery ? request.getParam("deadlineMs") : request.getHeader(DEADLINE_HEADER),
                    fromQuery ? "deadlineMs" : DEADLINE_HEADER, request.getParam("expect"), service.engine().config().maxDeadlineMs());
        } catch (IllegalArgumentException e) {
            new ApiError(400, e.getMessage()).send(response);
            return;
        }
        service.check(check).onComplete(done -> {
            if (done.succeeded()) {
                if (!response.closed()) {
                    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(done.result().toJson(check.detail()).toBuffer());
                }
            } else if (done.cause() instanceof CheckUnavailableException unavailable) {
                new ApiError(unavailable.status(), unavailable.getMessage()).send(response);
            } else {
                LOGGER.error("Check failed unexpectedly", done.cause());
                new ApiError(500, "internal error").send(response);
            }
        });
    }
}
