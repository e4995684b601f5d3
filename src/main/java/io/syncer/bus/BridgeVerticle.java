package io.syncer.bus;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;

/**
 * The TCP event-bus bridge for applications that do not join the cluster: frames of a 4-byte big-endian length and a
 * JSON object ({@code {"type":"send","address":"syncer.check","replyAddress":"r1","body":{"token":"..."}}}).
 * Exactly {@link Addresses#CHECK} is permitted inbound and {@link Addresses#PODS} outbound; anything else is answered
 * {@code {"type":"err","message":"access_denied"}}; a {@code publish} to {@link Addresses#CHECK} (which nobody could
 * answer) with {@code {"type":"err","message":"blocked by bridgeEvent handler"}}.
 */
public class BridgeVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private TcpEventBusBridge bridge;

    public BridgeVerticle(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        bridge = TcpEventBusBridge.create(vertx, new BridgeOptions()
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CHECK))
                .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.PODS)), new NetServerOptions(),
                BridgeVerticle::onlyRequestsToCheck);
        return bridge.listen(port, host);
    }

    /** A check is a question: a publish to {@link Addresses#CHECK} could never be answered, so it is refused with an error frame. */
    private static void onlyRequestsToCheck(BridgeEvent event) {
        boolean publishToCheck = event.type() == BridgeEventType.PUBLISH && event.getRawMessage() != null
                && Addresses.CHECK.equals(event.getRawMessage().getString("address"));
        event.complete(!publishToCheck);
    }

    @Override
    public Future<?> stop() {
        return bridge.close();
    }
}
