package io.syncer.http;

import io.syncer.check.CheckService;
import io.syncer.check.CheckUnavailableException;
import io.syncer.config.HttpConfig;
import io.syncer.model.CheckRequest;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /v1/synced}: the token in a header, the verdict as JSON. */
final class SyncedHandler implements Handler<RoutingContext> {

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
        String detailParam = request.getParam("detail");
        if (detailParam != null && !detailParam.equals("true") && !detailParam.equals("false")) {
            new ApiError(400, "query parameter 'detail' must be true or false").send(response);
            return;
        }
        boolean detail = "true".equals(detailParam);
        String origin = request.getHeader(originHeader);
        CheckRequest check = new CheckRequest(token, origin == null || origin.isBlank() ? null : origin.trim(), detail);
        service.check(check).onComplete(done -> {
            if (done.succeeded()) {
                if (!response.closed()) {
                    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(done.result().toJson(detail).toBuffer());
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
