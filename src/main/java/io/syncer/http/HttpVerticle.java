package io.syncer.http;

import io.syncer.bus.CheckBusHandler;
import io.syncer.bus.Addresses;
import io.syncer.check.CheckEngine;
import io.syncer.check.CheckService;
import io.syncer.config.SyncerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /v1/synced} and the {@link Addresses#CHECK} event-bus service. Deployed once per event loop;
 * each instance has its own {@link CheckEngine} (and so its own keep-alive connection pools to the pods).
 */
public class HttpVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpVerticle.class);

    private final SyncerConfig config;
    private CheckEngine engine;
    private HttpServer server;
    private MessageConsumer<JsonObject> checkConsumer;

    public HttpVerticle(SyncerConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        engine = new CheckEngine(vertx, config.check());
        CheckService service = new CheckService(vertx, engine);
        checkConsumer = vertx.eventBus().consumer(Addresses.CHECK, new CheckBusHandler(service));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.http().host())
                .setPort(config.http().port())
                .setTcpNoDelay(true));
        return checkConsumer.completion()
                .compose(v -> server.requestHandler(router(service)).listen())
                .onSuccess(s -> LOGGER.debug("Listening [address: {}:{}]", config.http().host(), s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return Future.join(checkConsumer.unregister(), server.shutdown())
                .eventually(() -> engine.close());
    }

    private Router router(CheckService service) {
        Router router = Router.router(vertx);
        router.get("/v1/synced").handler(new SyncedHandler(service, config.http()));
        router.errorHandler(404, ctx -> new ApiError(404, "no such path: " + ctx.request().path()).send(ctx.response()));
        router.errorHandler(405, ctx -> {
            ctx.response().putHeader("Allow", "GET");
            new ApiError(405, "method " + ctx.request().method() + " is not allowed on " + ctx.request().path() + "; use GET")
                    .send(ctx.response());
        });
        router.errorHandler(500, ctx -> {
            LOGGER.error("Request failed [path: {}]", ctx.request().path(), ctx.failure());
            new ApiError(500, "internal error").send(ctx.response());
        });
        return router;
    }
}
