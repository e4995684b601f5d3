package io.syncer.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the HTTP server's connections bounded: a new connection must deliver its first request's headers within
 * {@code http.headerTimeoutMs} (a slow-header client is closed), beyond {@code http.maxConnections} open connections a
 * request is answered 503 and its connection closed, and while draining every answer carries {@code Connection: close}.
 * Idle connections are closed by the server's own idle timeout. One per HttpVerticle instance, on its event loop.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final FrontLimits limits;
    private final int maxConnections;
    private final long headerTimeoutMs;
    private final Map<HttpConnection, Long> waitingForHeaders = new HashMap<>();
    private final Map<HttpConnection, Boolean> overLimit = new HashMap<>();

    ConnectionGuard(Vertx vertx, FrontLimits limits, int maxConnections, long headerTimeoutMs) {
        this.vertx = vertx;
        this.limits = limits;
        this.maxConnections = maxConnections;
        this.headerTimeoutMs = headerTimeoutMs;
    }

    void onConnect(HttpConnection connection) {
        SocketMetricGuard.ensure(connection);
        if (limits.connections().incrementAndGet() > maxConnections) {
            overLimit.put(connection, Boolean.TRUE);
        }
        waitingForHeaders.put(connection, vertx.setTimer(headerTimeoutMs, id -> {
            waitingForHeaders.remove(connection);
            connection.close();
        }));
        connection.closeHandler(closed -> {
            limits.connections().decrementAndGet();
            overLimit.remove(connection);
            Long timer = waitingForHeaders.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        });
    }

    /** A request's headers have arrived; false when it was answered here (over the connection limit). */
    boolean admit(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Long timer = waitingForHeaders.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        if (limits.draining().get()) {
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        if (overLimit.containsKey(connection)) {
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            new ApiError(503, "syncer serves at most http.maxConnections (" + maxConnections + ") connections; try again shortly")
                    .send(request.response(), 1);
            return false;
        }
        return true;
    }
}
