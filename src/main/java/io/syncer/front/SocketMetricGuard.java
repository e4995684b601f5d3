package io.syncer.front;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.metrics.NetworkMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;

/**
 * Works around a Vert.x 5.0.7 race: an accepted HTTP connection can reach the server without its socket metric (seen
 * once in about 25 starts, when a TCP port probe connected right as the listener came up), and its close then throws
 * {@code NullPointerException} in vertx-micrometer-metrics' {@code VertxNetServerMetrics.disconnected} ("socketMetric is
 * null"), logged as a WARN with a stack trace. Such a connection is given its metric here, so that the open-connection
 * gauges stay balanced and the close is quiet. Uses Vert.x's {@code ConnectionBase} (an implementation class): if a
 * later Vert.x changes it, this does nothing.
 */
final class SocketMetricGuard {

    private SocketMetricGuard() {
    }

    /** Gives {@code connection} a socket metric when the server has metrics and it has none. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void ensure(HttpConnection connection) {
        if (connection instanceof ConnectionBase base && base.metric() == null) {
            NetworkMetrics metrics = base.metrics();
            if (metrics instanceof TCPMetrics tcp) {
                base.metric(tcp.connected(base.remoteAddress(), base.remoteName()));
            }
        }
    }
}
