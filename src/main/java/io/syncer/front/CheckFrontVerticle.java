package io.syncer.front;

import io.syncer.bus.Addresses;
import io.syncer.check.CheckEngine;
import io.syncer.config.SyncerConfig;
import io.syncer.metrics.Telemetry;
import io.syncer.zonesync.ZoneSyncHealth;
import io.syncer.model.RegistryView;
import io.syncer.tracing.ServerSpans;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code GET /v1/synced}, health, metrics and the OpenAPI document, and the {@link Addresses#CHECK}
 * event-bus service. Deployed once per event loop; each instance has its own {@link CheckEngine} (and so its own
 * keep-alive connection pools to the pods), replaced when a reloaded config changes {@code check.*}.
 */
public class CheckFrontVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckFrontVerticle.class);
    private static final String OPENAPI_RESOURCE = "openapi.yaml";
    private static final String STATUS_PAGE_RESOURCE = "status.html";
    private static final long CERT_SCAN_MS = 2_000;

    private final SyncerConfig config;
    private final Telemetry telemetry;
    private final ZoneSyncHealth zoneSync;
    private final FrontLimits limits;
    private MessageConsumer<Object> drainConsumer;
    private MessageConsumer<RegistryView> viewConsumer;
    /** Where the registry hands this front each new pod-set view (see {@link Addresses#FRONT_JOIN}). */
    private final String viewAddress = Addresses.REGISTRY_VIEW + ".front." + java.util.UUID.randomUUID();
    private CheckService service;
    private HttpServer server;
    private MessageConsumer<JsonObject> checkConsumer;
    private MessageConsumer<SyncerConfig> configConsumer;

    /** An instance with limits of its own (tests); {@link io.syncer.Syncer} shares one {@link FrontLimits} among instances. */
    public CheckFrontVerticle(SyncerConfig config, Telemetry telemetry) {
        this(config, telemetry, new ZoneSyncHealth(), new FrontLimits(config.check().maxInFlight()));
    }

    /** @param zoneSync the latest zone_sync poll (written by the zone_sync verticle when check.zoneSync is enabled) */
    public CheckFrontVerticle(SyncerConfig config, Telemetry telemetry, ZoneSyncHealth zoneSync, FrontLimits limits) {
        this.config = config;
        this.telemetry = telemetry;
        this.zoneSync = zoneSync;
        this.limits = limits;
    }

    @Override
    public Future<?> start() {
        service = new CheckService(vertx, new CheckEngine(vertx, config.check(), telemetry, zoneSync), limits.admission(), telemetry);
        // true (or no body) from the registry when draining starts; false for the quiet moment before the listener closes
        drainConsumer = vertx.eventBus().localConsumer(Addresses.DRAINING, message -> limits.draining().set(!Boolean.FALSE.equals(message.body())));
        viewConsumer = vertx.eventBus().<RegistryView>localConsumer(viewAddress, message -> {
            service.viewChanged(message.body());
            message.reply(null);
        });
        checkConsumer = vertx.eventBus().consumer(Addresses.CHECK, new CheckBusHandler(service, telemetry.meters()));
        configConsumer = vertx.eventBus().localConsumer(Addresses.CONFIG, message -> {
            if (!message.body().check().equals(service.engine().config())) {
                service.replaceEngine(new CheckEngine(vertx, message.body().check(), telemetry, zoneSync));
            }
        });
        Future<?> consumers = Future.all(List.of(checkConsumer.completion(), configConsumer.completion(), drainConsumer.completion(),
                viewConsumer.completion())).compose(v -> service.join(viewAddress).recover(error -> {
                    // without the registry's views every check asks it for a snapshot (and is refused while it is absent)
                    LOGGER.warn("The pod registry did not take this check front: {}", error.getMessage());
                    return Future.succeededFuture();
                }));
        if (!config.http().enabled()) {
            return consumers;
        }
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(config.http().host())
                // port 0: a free port, the same for every instance (Vert.x shares a negative port's random pick)
                .setPort(config.http().port() == 0 ? -1 : config.http().port())
                .setTcpNoDelay(true)
                // syncer makes the server spans itself (ServerSpans): Vert.x's are named GET, with a string status code
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE)
                // HTTP/1.1 only: the connection is set up (and guarded) as soon as it is accepted, not at its first bytes
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(config.http().connections().idleTimeoutMs())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        TlsListener.configure(config.http().tls(), serverOptions);
        server = vertx.createHttpServer(serverOptions);
        ServerSpans serverSpans = new ServerSpans(telemetry::tracer, config.tracing().operationalEndpoints());
        ConnectionGuard guard = new ConnectionGuard(vertx, limits, config.http().connections().maxConnections(), config.http().connections().headerTimeoutMs(),
                config.http().connections().closeGraceMs());
        server.connectionHandler(guard::onConnect);
        server.invalidRequestHandler(ProtocolErrors::answer);
        // without a handler Vert.x logs a connection failure at TRACE with its message, which may quote a header (a token)
        server.exceptionHandler(error -> LOGGER.debug("Connection failure [exception: {}]{}", error.getClass().getSimpleName(),
                error instanceof javax.net.ssl.SSLException ? ": " + error.getMessage() : ""));
        return consumers
                .compose(v -> Future.all(vertx.fileSystem().readFile(OPENAPI_RESOURCE), vertx.fileSystem().readFile(STATUS_PAGE_RESOURCE)))
                .map(files -> router(files.resultAt(0), files.resultAt(1)))
                .compose(router -> server.requestHandler(request -> {
                    io.opentelemetry.api.trace.Span span = serverSpans.start(request);
                    if (!guard.admit(request, span == null ? null : status -> ServerSpans.end(span, status))) {
                        return;
                    }
                    if (span == null) {
                        router.handle(request);
                    } else {
                        // current while the route runs, so that the check span is its child
                        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
                            router.handle(request);
                        }
                    }
                }).listen())
                .onSuccess(s -> TlsListener.reloadWhenChanged(vertx, server, config.http().tls(), CERT_SCAN_MS))
                .onSuccess(s -> limits.port().compareAndSet(0, s.actualPort()))
                .onSuccess(s -> LOGGER.debug("Listening [address: {}:{}]", config.http().host(), s.actualPort()))
                // Vert.x does not stop a verticle whose start failed: the engine (its pools, its meters) closes here
                .onFailure(error -> service.engine().close());
    }

    /**
     * Stops accepting connections and bus requests, lets every in-flight check (HTTP or bus) answer, bounded by its own
     * deadline (at most check.maxDeadlineMs), then closes the pools.
     */
    @Override
    public Future<?> stop() {
        long graceMs = service.maxDeadlineMs() + 1_000L;
        Future<Void> serverDown = server == null ? Future.succeededFuture() : server.shutdown(graceMs, TimeUnit.MILLISECONDS);
        return Future.join(List.of(checkConsumer.unregister(), configConsumer.unregister(), drainConsumer.unregister(),
                        service.leave(viewAddress).compose(v -> viewConsumer.unregister()), serverDown))
                .transform(v -> service.engine().retire().timeout(graceMs, TimeUnit.MILLISECONDS))
                .eventually(() -> service.engine().close());
    }

    private Router router(Buffer openApi, Buffer statusPage) {
        Router router = Router.router(vertx);
        if (config.http().auth().tokenFile() != null) {
            CallerAuth auth = new CallerAuth(vertx, config.http().auth());
            auth.start(CERT_SCAN_MS);
            router.route().handler(auth);
        }
        router.get("/v1/synced").handler(new SyncedHandler(service, config.http()));
        router.get("/v1/propagation").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(telemetry.propagation().summary().toBuffer()));
        StatusRoutes.mount(vertx, router, statusPage, service, telemetry, zoneSync);
        HealthRoutes.mount(vertx, router, config.warnings(), config.check().zoneSync().enabled() ? zoneSync : null);
        if (telemetry.meters().scrapable()) {
            router.get("/metrics").handler(ctx -> ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(telemetry.meters().scrape()));
        }
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
                .end(openApi));
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
