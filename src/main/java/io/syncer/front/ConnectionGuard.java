package io.syncer.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ShutdownEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the HTTP server's connections bounded and closes them without losing a request. One per CheckFrontVerticle instance,
 * on its event loop.
 * <ul>
 * <li>Every request's headers must arrive within {@code http.headerTimeoutMs} of its first byte (or of the connection's
 * opening): a slow-header client is closed, on a new connection or on a kept-alive one.</li>
 * <li>Beyond {@code http.maxConnections} open connections a request is answered 503 and its connection closed; while
 * draining every answer carries {@code Connection: close}.</li>
 * <li>When the server shuts down it stops accepting at once, but an accepted connection is kept until it has answered
 * the request it began, or until it has been idle for {@code http.closeGraceMs} since its last answer (or its opening):
 * a request its client sent in that grace is answered, with {@code Connection: close}. Vert.x itself would close every
 * idle connection at that instant, cutting a request already on its way; its shutdown event is held back for that.</li>
 * </ul>
 * Idle connections are closed by the server's own idle timeout. Uses Netty's pipeline of Vert.x's connection (an
 * implementation class) to see a request's first bytes and the shutdown event.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final FrontLimits limits;
    private final int maxConnections;
    private final long headerTimeoutMs;
    private final long closeGraceMs;
    private final Map<HttpConnection, Tracked> connections = new HashMap<>();

    /** Called on the guard's event loop (its verticle's context), which is every connection's. */
    ConnectionGuard(Vertx vertx, FrontLimits limits, int maxConnections, long headerTimeoutMs, long closeGraceMs) {
        this.vertx = vertx;
        this.limits = limits;
        this.maxConnections = maxConnections;
        this.headerTimeoutMs = headerTimeoutMs;
        // one sweep per event loop instead of a timer armed and cancelled for every request; a slow-header client is
        // closed at most a tenth of the timeout late
        vertx.setPeriodic(Math.max(10, headerTimeoutMs / 10), id -> closeSlowHeaders());
        this.closeGraceMs = closeGraceMs;
    }

    /** What the guard knows of one connection. */
    private static final class Tracked {
        final HttpConnection connection;
        final ContextInternal context;
        boolean overLimit;
        /** When the headers of the request that began are due ({@link System#nanoTime()}), or 0 when none is awaited. */
        long headersDueNanos;
        long closeTimer = -1;
        /** A request began and its answer has not ended yet. */
        boolean answering;
        /** The server is shutting down: the connection closes once it has been idle for the grace. */
        boolean closing;
        long idleSinceNanos = System.nanoTime();

        Tracked(HttpConnection connection, ContextInternal context) {
            this.connection = connection;
            this.context = context;
        }
    }

    void onConnect(HttpConnection connection) {
        SocketMetricGuard.ensure(connection);
        Tracked tracked = new Tracked(connection, (ContextInternal) vertx.getOrCreateContext());
        connections.put(connection, tracked);
        if (limits.connections().incrementAndGet() > maxConnections) {
            tracked.overLimit = true;
        }
        headersDue(tracked);
        if (connection instanceof ConnectionBase base) {
            base.channel().pipeline().addFirst("syncer-connection-guard", new Watcher(tracked));
        }
        connection.closeHandler(closed -> {
            limits.connections().decrementAndGet();
            connections.remove(connection);
            cancel(tracked.closeTimer);
        });
    }

    /**
     * A request's headers have arrived; false when it was answered here (over the connection limit).
     *
     * @param onEnd told the status answered when the response has ended (or was given up), or null
     */
    boolean admit(HttpServerRequest request, java.util.function.IntConsumer onEnd) {
        Tracked tracked = connections.get(request.connection());
        if (tracked != null) {
            tracked.headersDueNanos = 0;
            cancel(tracked.closeTimer);
            tracked.closeTimer = -1;
            tracked.answering = true;
            request.response().endHandler(ended -> {
                answered(tracked);
                if (onEnd != null) {
                    onEnd.accept(request.response().getStatusCode());
                }
            });
        }
        if (limits.draining().get() || (tracked != null && tracked.closing)) {
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        if (tracked != null && tracked.overLimit) {
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            new ApiError(503, "syncer serves at most http.maxConnections (" + maxConnections + ") connections; try again shortly")
                    .send(request.response(), 1);
            return false;
        }
        return true;
    }

    private void answered(Tracked tracked) {
        tracked.answering = false;
        tracked.idleSinceNanos = System.nanoTime();
        if (tracked.closing) {
            closeWhenIdle(tracked);
        }
    }

    private void headersDue(Tracked tracked) {
        tracked.headersDueNanos = System.nanoTime() + headerTimeoutMs * 1_000_000L;
    }

    /** Closes every connection whose request's headers are overdue. */
    private void closeSlowHeaders() {
        long now = System.nanoTime();
        for (Tracked tracked : connections.values()) {
            if (tracked.headersDueNanos != 0 && now - tracked.headersDueNanos > 0) {
                tracked.headersDueNanos = 0;
                tracked.connection.close();
            }
        }
    }

    /** The server stops: this connection closes once it has answered and been idle for the grace. */
    private void shuttingDown(Tracked tracked) {
        tracked.closing = true;
        if (!tracked.answering) {
            closeWhenIdle(tracked);
        }
    }

    private void closeWhenIdle(Tracked tracked) {
        cancel(tracked.closeTimer);
        long idleMs = (System.nanoTime() - tracked.idleSinceNanos) / 1_000_000L;
        long waitMs = Math.max(1, closeGraceMs - idleMs);
        tracked.closeTimer = vertx.setTimer(waitMs, id -> {
            tracked.closeTimer = -1;
            if (!tracked.answering) {
                tracked.connection.close();
            }
        });
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Sees the connection's raw bytes (a request beginning) and holds back Vert.x's shutdown event. */
    private final class Watcher extends ChannelInboundHandlerAdapter {
        private final Tracked tracked;

        Watcher(Tracked tracked) {
            this.tracked = tracked;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // Netty calls this on the connection's event loop, the guard's: a request began, its headers are now due
            if (tracked.headersDueNanos == 0 && !tracked.answering && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                headersDue(tracked);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ShutdownEvent) {
                // the listener is closed already; this connection closes itself once idle (see shuttingDown)
                tracked.context.emit(tracked, ConnectionGuard.this::shuttingDown);
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
